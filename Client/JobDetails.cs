namespace Disque.Client;

/// <summary>
/// What SHOW (and JSCAN's REPLY all) tells of a job, with Disque's names and units. The
/// properties after <see cref="Body"/> are Disque.Orleans' own fields, which it shows only
/// for a job with a priority, a failure policy or a failure history: null for any other job,
/// and always on a real Disque (<see cref="HasExtras"/>).
/// </summary>
public sealed record JobDetails
{
    public required string Id { get; init; }
    public string? Queue { get; init; }

    /// <summary><c>wait-repl</c>, <c>active</c> (delivered, not acked), <c>queued</c> or <c>acked</c>.</summary>
    public required string State { get; init; }
    public int Replicate { get; init; }

    /// <summary>Seconds left before the job expires.</summary>
    public long TtlSeconds { get; init; }

    /// <summary>Creation time: Unix milliseconds times a million, unique per node.</summary>
    public long CTime { get; init; }
    public long DelaySeconds { get; init; }
    public long RetrySeconds { get; init; }
    public int Nacks { get; init; }
    public int AdditionalDeliveries { get; init; }
    public IReadOnlyList<string> NodesDelivered { get; init; } = [];
    public IReadOnlyList<string> NodesConfirmed { get; init; } = [];
    public long? NextRequeueWithinMs { get; init; }
    public long? NextAwakeWithinMs { get; init; }
    public byte[]? Body { get; init; }

    /// <summary>PRIORITY: higher is handed out first.</summary>
    public int? Priority { get; init; }

    /// <summary>Times the job was handed to a consumer, as its owner counted them.</summary>
    public int? Deliveries { get; init; }

    /// <summary>MAXDELIVERIES; 0: no limit.</summary>
    public int? MaxDeliveries { get; init; }

    /// <summary>BACKOFF base cap; null: none (NACK queues at once, RETRY after RETRY).</summary>
    public JobBackoff? Backoff { get; init; }

    /// <summary>The queue the job goes to (or went to) when it fails for good.</summary>
    public string? DeadLetter { get; init; }

    /// <summary>The reason of the last failure: a NACKJOB's or FAILJOB's REASON, or "nack", "timeout".</summary>
    public string? LastFailure { get; init; }

    /// <summary>When the last failure came.</summary>
    public DateTimeOffset? LastFailureTime { get; init; }

    /// <summary>The queue a dead letter came from; null while the job is not a dead letter.</summary>
    public string? DeadFrom { get; init; }

    /// <summary>Why it became a dead letter: "max-deliveries" or "failed".</summary>
    public string? DeadReason { get; init; }

    /// <summary>Whether the server showed Disque.Orleans' own fields for this job.</summary>
    public bool HasExtras => Deliveries is not null;

    /// <summary>Whether the job waits in a dead-letter queue (REVIVE takes it back).</summary>
    public bool IsDeadLetter => DeadFrom is not null;
}
