namespace Disque;

/// <summary>
/// Ours, beyond Disque: what a job carries besides Disque's fields, null for a plain
/// Disque job (which then costs nothing more). Its failure policy and priority as ADDJOB
/// set them, and its history of failures: replicated with every copy, so the silo that
/// takes a job over keeps its policy. Immutable: a change makes a new one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobExtras
{
    /// <summary>Served before jobs of a lower one on the same silo; 0 (the default) is the lowest.</summary>
    [Id(0)] public int Priority { get; init; }

    /// <summary>Deliveries after which an un-acked job goes to its dead-letter queue instead of being queued again; 0: no limit.</summary>
    [Id(1)] public int MaxDeliveries { get; init; }

    /// <summary>The dead-letter queue named at ADDJOB; null: <see cref="DeadLetters.DefaultQueue"/> of the job's queue.</summary>
    [Id(2)] public string? DeadLetter { get; init; }

    /// <summary>Waits before a failed job is queued again; null: Disque's rule (NACK queues at once, RETRY after RETRY).</summary>
    [Id(3)] public Backoff? Backoff { get; init; }

    /// <summary>The reason given with the last failure (NACKJOB, FAILJOB), or why the job failed.</summary>
    [Id(4)] public string? LastFailure { get; init; }

    /// <summary>Unix ms of the last failure; 0: none yet.</summary>
    [Id(5)] public long LastFailureAtMs { get; init; }

    /// <summary>The queue the job was dead-lettered from; null while it is not a dead letter.</summary>
    [Id(6)] public string? DeadFrom { get; init; }

    /// <summary>Why it became a dead letter: <see cref="DeadLetters.MaxDeliveriesReason"/> or <see cref="DeadLetters.FailedReason"/>.</summary>
    [Id(7)] public string? DeadReason { get; init; }

    /// <summary>GROUP: jobs of one group are delivered in the order they were added, at most <see cref="GroupLimit"/> at once; null: no group.</summary>
    [Id(8)] public string? Group { get; init; }

    /// <summary>GROUPLIMIT: how many jobs of <see cref="Group"/> may be active at once (1 unless given).</summary>
    [Id(9)] public int GroupLimit { get; init; } = 1;

    /// <summary>The group the job is served in: none once it is a dead letter (it waits there as a plain job).</summary>
    public string? ServedInGroup => DeadFrom is null ? Group : null;
    /// <summary>Ours (issue 21): the key ADDJOB UNIQUE gave; no other job takes it while this one lives.</summary>
    [Id(16)] public string? UniqueKey { get; init; }

    /// <summary>Seconds the key stays taken after the job's ACK (UNIQUEFOR); 0: freed at once.</summary>
    [Id(17)] public long UniqueForSeconds { get; init; }

    /// <summary>The jobs that must be acked before this one is queued (AFTER); null: none, or none left to wait for.</summary>
    [Id(18)] public JobId[]? After { get; init; }

    /// <summary>What happens when one of <see cref="After"/> fails (dead-lettered, expired, deleted): ONFAIL.</summary>
    [Id(19)] public OnFail OnFail { get; init; }

    /// <summary>The batch this job follows up (BATCH name ... THEN), when it was made by BATCH.</summary>
    [Id(20)] public string? Batch { get; init; }

    public bool IsDeadLetter => DeadFrom is not null;

    /// <summary>The dead-letter queue of a job in <paramref name="queue"/>: the one ADDJOB named, else the default of the queue it is (or was, as a dead letter) in.</summary>
    public string DeadLetterOf(string queue) => DeadLetter ?? DeadLetters.DefaultQueue(DeadFrom ?? queue);

    /// <summary>Waits for other jobs before it is queued.</summary>
    public bool IsWaiting => After is { Length: > 0 };

    /// <summary>A dead letter's policy rests: it waits in its dead-letter queue like a plain job until revived.</summary>
    public bool HasFailurePolicy => DeadFrom is null && (MaxDeliveries > 0 || Backoff is not null);

    /// <summary>The extras ADDJOB asks for; null when it asks for none.</summary>
    public static JobExtras? From(JobSpec spec) =>
        spec.Priority == 0 && spec.MaxDeliveries == 0 && spec.DeadLetter is null && spec.Backoff is null && spec.Group is null
            && spec.UniqueKey is null && spec.After is not { Length: > 0 }
            ? null
            : new JobExtras
            {
                Priority = spec.Priority,
                MaxDeliveries = spec.MaxDeliveries,
                DeadLetter = spec.DeadLetter,
                Backoff = spec.Backoff,
                Group = spec.Group,
                GroupLimit = spec.Group is null ? 1 : Math.Max(1, spec.GroupLimit),
                UniqueKey = spec.UniqueKey,
                UniqueForSeconds = spec.UniqueForSeconds,
                After = spec.After is { Length: > 0 } after ? after : null,
                OnFail = spec.OnFail,
                Batch = spec.Batch,
            };
}

/// <summary>Where failed jobs go, and the words that say why.</summary>
public static class DeadLetters
{
    /// <summary>The dead-letter queue of <paramref name="queue"/> when ADDJOB names none: the queue's name and <c>:dead</c>.</summary>
    public static string DefaultQueue(string queue) => queue + ":dead";

    public const string MaxDeliveriesReason = "max-deliveries";

    public const string FailedReason = "failed";

    /// <summary>The longest reason kept, in characters: a longer one is cut.</summary>
    public const int MaxReasonLength = 1024;

    public const int MaxPriority = 1000;

    public const int MaxMaxDeliveries = 1_000_000;
}

/// <summary>Ours, beyond Disque: the bounds of ADDJOB's GROUP and GROUPLIMIT.</summary>
public static class JobGroups
{
    /// <summary>The longest group name, in bytes.</summary>
    public const int MaxNameLength = 256;

    public const int MaxLimit = 100_000;
}

/// <summary>
/// Ours, beyond Disque: a consumer's verdict on jobs it took. NACKJOB: failed this time, queue
/// again after <see cref="DelaySeconds"/> (or the job's back-off); FAILJOB (<see cref="ForGood"/>):
/// failed for good, to the dead-letter queue now. Either may say why.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobVerdict
{
    [Id(0)] public bool ForGood { get; init; }

    /// <summary>Seconds before the job is queued again; 0: at once, or after its back-off when it has one.</summary>
    [Id(1)] public long DelaySeconds { get; init; }

    [Id(2)] public string? Reason { get; init; }
}
