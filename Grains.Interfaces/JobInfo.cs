namespace Disque;

/// <summary>What SHOW tells about a job.</summary>
[GenerateSerializer, Immutable]
public sealed record JobInfo
{
    [Id(0)] public required JobId Id { get; init; }
    [Id(1)] public string? Queue { get; init; }
    [Id(2)] public JobState State { get; init; }
    [Id(3)] public int Replicate { get; init; }
    [Id(4)] public long TtlSeconds { get; init; }
    [Id(5)] public long CTime { get; init; }
    [Id(6)] public long DelaySeconds { get; init; }
    [Id(7)] public long RetrySeconds { get; init; }
    [Id(8)] public int Nacks { get; init; }
    [Id(9)] public int AdditionalDeliveries { get; init; }
    [Id(10)] public string[] NodesDelivered { get; init; } = [];
    [Id(11)] public string[] NodesConfirmed { get; init; } = [];
    [Id(12)] public long? NextRequeueWithinMs { get; init; }
    [Id(13)] public long? NextAwakeWithinMs { get; init; }
    [Id(14)] public byte[]? Body { get; init; }

    /// <summary>Ours: times the job was handed to a consumer, as its owner counted them.</summary>
    [Id(15)] public int Deliveries { get; init; }

    /// <summary>Ours: the job's policy and failure history; null for a plain Disque job (SHOW then answers exactly as Disque).</summary>
    [Id(16)] public JobExtras? Extras { get; init; }
}
