using System.Globalization;
using Disque.Client.Resp;

namespace Disque.Client.Protocol;

/// <summary>SCHEDULE SHOW's name/value array read into <see cref="ScheduleDetails"/>.</summary>
internal static class ScheduleReplies
{
    /// <summary>Null for an unknown schedule.</summary>
    public static ScheduleDetails? Show(RespValue reply) => DisqueReplies.Fields(reply) is not { } f ? null : new ScheduleDetails
    {
        Name = f["name"].Text!,
        Cron = f["cron"].Text!,
        TimeZone = f["tz"].Text!,
        Queue = f["queue"].Text!,
        Body = f["body"].Bytes ?? [],
        Missed = f["missed"].Text!,
        NoOverlap = Flag(f, "nooverlap"),
        WithTime = Flag(f, "withtime"),
        Paused = Flag(f, "paused"),
        Replicate = (int)f["repl"].ToInt64(),
        TtlSeconds = f["ttl"].ToInt64(),
        DelaySeconds = f["delay"].ToInt64(),
        RetrySeconds = f["retry"].ToInt64(),
        MaxLen = f["maxlen"].ToInt64(),
        Async = Flag(f, "async"),
        Next = [.. f["next"].Items.Select(i => Time(i.Text!))],
        LastOccurrence = TimeOrNull(f, "last-occurrence"),
        LastFired = TimeOrNull(f, "last-fired"),
        LastJobId = f["last-job"].IsNull ? null : f["last-job"].Text,
        LastError = f["last-error"].IsNull ? null : f["last-error"].Text,
        Node = f.GetValueOrDefault("node")?.Text,
    };

    private static bool Flag(Dictionary<string, RespValue> fields, string name) => fields[name].ToInt64() != 0;

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateTimeOffset? TimeOrNull(Dictionary<string, RespValue> fields, string name) =>
        fields[name].IsNull ? null : Time(fields[name].Text!);
}
