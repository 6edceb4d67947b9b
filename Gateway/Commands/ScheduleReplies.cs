using Disque.Gateway.Resp;

namespace Disque.Gateway.Commands;

/// <summary>SCHEDULE SHOW's reply: name/value pairs, as Disque's SHOW answers; times in ISO 8601 (UTC), absent ones null.</summary>
public static class ScheduleReplies
{
    public static Reply Show(ScheduleInfo info)
    {
        var spec = info.Spec;
        var job = spec.Template;
        return Reply.Array(
        [
            Reply.Bulk("name"), Reply.Bulk(spec.Name),
            Reply.Bulk("cron"), Reply.Bulk(spec.Cron),
            Reply.Bulk("tz"), Reply.Bulk(spec.TimeZone),
            Reply.Bulk("queue"), Reply.Bulk(job.Queue),
            Reply.Bulk("body"), Reply.Bulk(job.Body),
            Reply.Bulk("missed"), Reply.Bulk(spec.Missed == MissedPolicy.CatchUp ? "catchup" : "skip"),
            Reply.Bulk("nooverlap"), spec.NoOverlap ? 1 : 0,
            Reply.Bulk("withtime"), spec.WithTime ? 1 : 0,
            Reply.Bulk("paused"), info.Paused ? 1 : 0,
            Reply.Bulk("repl"), job.Replicate,
            Reply.Bulk("ttl"), job.TtlSeconds,
            Reply.Bulk("delay"), job.DelaySeconds,
            Reply.Bulk("retry"), job.RetrySeconds,
            Reply.Bulk("maxlen"), job.MaxLen,
            Reply.Bulk("async"), job.Async ? 1 : 0,
            Reply.Bulk("next"), ReplyShapes.Strings(info.Next.Select(Time)),
            Reply.Bulk("last-occurrence"), Reply.Bulk(info.LastOccurrence is { } o ? Time(o) : null),
            Reply.Bulk("last-fired"), Reply.Bulk(info.LastFiredAt is { } f ? Time(f) : null),
            Reply.Bulk("last-job"), Reply.Bulk(info.LastJobId?.ToString()),
            Reply.Bulk("last-error"), Reply.Bulk(info.LastError),
            Reply.Bulk("node"), Reply.Bulk(info.Node),
        ]);
    }

    private static string Time(DateTimeOffset at) => ScheduleTimes.Stamp(at);
}
