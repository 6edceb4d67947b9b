namespace Disque;

/// <summary>What a producer asks for in ADDJOB. Zero or negative fields mean "Disque's default". Times take any 64-bit value, as Disque's do.</summary>
[GenerateSerializer, Immutable]
public sealed record JobSpec
{
    public const int DefaultTtlSeconds = 86400;

    [Id(0)] public required string Queue { get; init; }

    [Id(1)] public required byte[] Body { get; init; }

    /// <summary>How long ADDJOB may wait for the copies, in ms; 0 waits without limit.</summary>
    [Id(2)] public long TimeoutMs { get; init; }

    /// <summary>Copies on distinct silos; 0 takes the cluster's default, min(3, silos).</summary>
    [Id(3)] public int Replicate { get; init; }

    [Id(4)] public long DelaySeconds { get; init; }

    /// <summary>Seconds before an un-acked job is queued again; -1: TTL/10, at most 300, at least 1; 0: at-most-once.</summary>
    [Id(5)] public long RetrySeconds { get; init; } = -1;

    [Id(6)] public long TtlSeconds { get; init; } = DefaultTtlSeconds;

    /// <summary>Refuse the job when the queue already holds this many; 0 means no limit.</summary>
    [Id(7)] public long MaxLen { get; init; }

    /// <summary>Reply once the first copy exists; the others are made in the background.</summary>
    [Id(8)] public bool Async { get; init; }

    /// <summary>Ours: PRIORITY, 0 (the default, lowest) to <see cref="DeadLetters.MaxPriority"/>; a silo serves its most urgent queued job first.</summary>
    [Id(9)] public int Priority { get; init; }

    /// <summary>Ours: MAXDELIVERIES, after which an un-acked job is dead-lettered; 0: no limit.</summary>
    [Id(10)] public int MaxDeliveries { get; init; }

    /// <summary>Ours: DEADLETTER, the queue failed jobs go to; null: <see cref="DeadLetters.DefaultQueue"/>.</summary>
    [Id(11)] public string? DeadLetter { get; init; }

    /// <summary>Ours: BACKOFF base cap, the waits before a failed job is queued again.</summary>
    [Id(12)] public Backoff? Backoff { get; init; }

    /// <summary>Ours: GROUP, the group whose jobs are delivered in order, at most <see cref="GroupLimit"/> at once; null: none.</summary>
    [Id(13)] public string? Group { get; init; }

    /// <summary>Ours: GROUPLIMIT, 1 to <see cref="JobGroups.MaxLimit"/>; 0 takes the default, 1.</summary>
    [Id(14)] public int GroupLimit { get; init; }
    /// <summary>Ours: UNIQUE, a key no two live jobs hold; ADDJOB answers the live holder's id instead of making a job.</summary>
    [Id(16)] public string? UniqueKey { get; init; }

    /// <summary>Ours: UNIQUEFOR, seconds the key stays taken after the job's ACK.</summary>
    [Id(17)] public long UniqueForSeconds { get; init; }

    /// <summary>Ours: AFTER, jobs that must all be acked before this one is queued.</summary>
    [Id(18)] public JobId[]? After { get; init; }

    /// <summary>Ours: ONFAIL, what happens to the job when one of <see cref="After"/> fails.</summary>
    [Id(19)] public OnFail OnFail { get; init; }

    /// <summary>Ours: the batch name BATCH gives the follow-up job.</summary>
    [Id(20)] public string? Batch { get; init; }
}

/// <summary>What a consumer asks for in GETJOB.</summary>
[GenerateSerializer, Immutable]
public sealed record GetJobSpec
{
    [Id(0)] public required string[] Queues { get; init; }

    [Id(1)] public bool NoHang { get; init; }

    /// <summary>How long to block when every queue is empty, in ms; 0 blocks until a job comes.</summary>
    [Id(2)] public long TimeoutMs { get; init; }

    [Id(3)] public int Count { get; init; } = 1;

    [Id(4)] public bool WithCounters { get; init; }
}
