using Disque.Gateway.Resp;

namespace Disque.Gateway.Commands;

/// <summary>The shapes of Disque's structured replies: SHOW's and QSTAT's key/value arrays.</summary>
public static class ReplyShapes
{
    /// <summary>SHOW (and JSCAN REPLY all): 15 name/value pairs in Disque's order.</summary>
    public static Reply Job(JobInfo job) => Reply.Array(job.Extras is null ? DisqueFields(job)
        : job.Extras.UniqueKey is null && job.Extras.After is null && job.Extras.Batch is null ? [.. DisqueFields(job), .. ExtraFields(job, job.Extras)]
        : [.. DisqueFields(job), .. ExtraFields(job, job.Extras), .. CoordinationFields(job.Extras)]);

    /// <summary>SHOW's fields in Disque's order: all a plain Disque job shows.</summary>
    private static Reply[] DisqueFields(JobInfo job) =>
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
    ];

    /// <summary>Ours, after Disque's fields, only for a job with a priority, a failure policy or a failure history.</summary>
    private static Reply[] ExtraFields(JobInfo job, JobExtras extras) =>
    [
        Reply.Bulk("priority"), extras.Priority,
        Reply.Bulk("deliveries"), job.Deliveries,
        Reply.Bulk("max-deliveries"), extras.MaxDeliveries,
        Reply.Bulk("backoff"), extras.Backoff is { } b ? Reply.Array([b.BaseSeconds, b.CapSeconds]) : Reply.NullBulk,
        Reply.Bulk("dead-letter"), Reply.Bulk(extras.DeadLetterOf(job.Queue ?? "")),
        Reply.Bulk("last-failure"), Reply.Bulk(extras.LastFailure),
        Reply.Bulk("last-failure-time"), extras.LastFailureAtMs == 0 ? Reply.NullBulk : extras.LastFailureAtMs,
        Reply.Bulk("dead-from"), Reply.Bulk(extras.DeadFrom),
        Reply.Bulk("dead-reason"), Reply.Bulk(extras.DeadReason),
        Reply.Bulk("group"), Reply.Bulk(extras.Group),
        Reply.Bulk("group-limit"), extras.Group is null ? Reply.NullBulk : extras.GroupLimit,
    ];

    /// <summary>Ours (issue 21), after the others, only for a job with a UNIQUE key, an AFTER or a BATCH: what it waits for (none left: an empty array).</summary>
    private static Reply[] CoordinationFields(JobExtras extras) =>
    [
        Reply.Bulk("unique-key"), Reply.Bulk(extras.UniqueKey),
        Reply.Bulk("unique-for"), extras.UniqueForSeconds,
        Reply.Bulk("waits-for"), Strings((extras.After ?? []).Select(id => id.ToString())),
        Reply.Bulk("on-fail"), Reply.Bulk(extras.OnFail == OnFail.Queue ? "queue" : "cancel"),
        Reply.Bulk("batch"), Reply.Bulk(extras.Batch),
    ];

    /// <summary>QSTAT: 10 name/value pairs in Disque's order; ours, an 11th, <c>groups</c>, only for a queue with groups.</summary>
    public static Reply Queue(QueueStats queue) => Reply.Array(queue.Groups.Length == 0 ? DisqueQueueFields(queue) : [.. DisqueQueueFields(queue), Reply.Bulk("groups"), Groups(queue.Groups)]);

    /// <summary>Each group as name/value pairs: name, waiting, active, limit.</summary>
    private static Reply Groups(QueueGroup[] groups) => Reply.Array([.. groups.Select(g => Reply.Array(
    [
        Reply.Bulk("name"), Reply.Bulk(g.Name),
        Reply.Bulk("waiting"), g.Waiting,
        Reply.Bulk("active"), g.Active,
        Reply.Bulk("limit"), g.Limit,
    ]))]);

    /// <summary>QSTAT's 10 name/value pairs in Disque's order.</summary>
    private static Reply[] DisqueQueueFields(QueueStats queue) =>
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
    ];

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
