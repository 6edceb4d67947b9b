namespace Disque.Client;

/// <summary>What SHOW tells of a job, with Disque's names and units.</summary>
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
}
