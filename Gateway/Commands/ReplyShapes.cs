using Disque.Gateway.Resp;

namespace Disque.Gateway.Commands;

/// <summary>The shapes of Disque's structured replies: SHOW's and QSTAT's key/value arrays.</summary>
public static class ReplyShapes
{
    /// <summary>SHOW (and JSCAN REPLY all): 15 name/value pairs in Disque's order.</summary>
    public static Reply Job(JobInfo job) => Reply.Array(
    [
        Reply.Bulk("id"), Reply.Bulk(job.Id.ToString()),
        Reply.Bulk("queue"), Reply.Bulk(job.Queue),
        Reply.Bulk("state"), Reply.Bulk(job.State.Name()),
        Reply.Bulk("repl"), job.Replicate,
        Reply.Bulk("ttl"), job.TtlSeconds,
        Reply.Bulk("ctime"), job.CTime,
        Reply.Bulk("delay"), job.DelaySeconds,
        Reply.Bulk("retry"), job.RetrySeconds,
        Reply.Bulk("nacks"), job.Nacks,
        Reply.Bulk("additional-deliveries"), job.AdditionalDeliveries,
        Reply.Bulk("nodes-delivered"), Strings(job.NodesDelivered),
        Reply.Bulk("nodes-confirmed"), Strings(job.NodesConfirmed),
        Reply.Bulk("next-requeue-within"), IntegerOrNull(job.NextRequeueWithinMs),
        Reply.Bulk("next-awake-within"), IntegerOrNull(job.NextAwakeWithinMs),
        Reply.Bulk("body"), Reply.Bulk(job.Body),
    ]);

    /// <summary>QSTAT: 10 name/value pairs in Disque's order.</summary>
    public static Reply Queue(QueueStats queue) => Reply.Array(
    [
        Reply.Bulk("name"), Reply.Bulk(queue.Name),
        Reply.Bulk("len"), queue.Length,
        Reply.Bulk("age"), queue.AgeSeconds,
        Reply.Bulk("idle"), queue.IdleSeconds,
        Reply.Bulk("blocked"), queue.Blocked,
        Reply.Bulk("import-from"), Strings(queue.ImportFrom),
        Reply.Bulk("import-rate"), queue.ImportRate,
        Reply.Bulk("jobs-in"), queue.JobsIn,
        Reply.Bulk("jobs-out"), queue.JobsOut,
        Reply.Bulk("pause"), Reply.Bulk(PauseName(queue.Pause)),
    ]);

    public static string PauseName(PauseState state) => state switch
    {
        PauseState.In => "in",
        PauseState.Out => "out",
        PauseState.All => "all",
        _ => "none",
    };

    public static Reply Strings(IEnumerable<string> items) => Reply.Array([.. items.Select(Reply.Bulk)]);

    private static Reply IntegerOrNull(long? value) => value is { } v ? Reply.Integer(v) : Reply.NullBulk;
}
