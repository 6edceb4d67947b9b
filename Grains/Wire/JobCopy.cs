using Orleans.Runtime;

namespace Disque.Wire;

/// <summary>
/// Everything a silo needs to hold a copy of a job: sent by the job's home to
/// the silos that keep its replicas, and handed over when a silo leaves.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobCopy
{
    [Id(0)] public required JobId Id { get; init; }
    [Id(1)] public required string Queue { get; init; }
    [Id(2)] public required byte[] Body { get; init; }
    [Id(3)] public long CTime { get; init; }
    [Id(4)] public long TtlSeconds { get; init; }
    [Id(5)] public long RetrySeconds { get; init; }
    [Id(6)] public long DelaySeconds { get; init; }
    [Id(7)] public int Replicate { get; init; }
    [Id(8)] public int Nacks { get; init; }
    [Id(9)] public int AdditionalDeliveries { get; init; }

    /// <summary>The silos holding copies, the job's owner first.</summary>
    [Id(10)] public required SiloAddress[] Nodes { get; init; }

    /// <summary>Unix ms when the job expires.</summary>
    [Id(11)] public long ExpireAtMs { get; init; }

    /// <summary>Unix ms when the job should be queued (again); 0: never.</summary>
    [Id(12)] public long QueueAtMs { get; init; }

    [Id(13)] public JobState State { get; init; }

    /// <summary>True once the job was queued a first time, so later queueings count as additional deliveries.</summary>
    [Id(14)] public bool WasQueued { get; init; }

    [Id(15)] public bool Delivered { get; init; }

    /// <summary>Sent by the job's owner: its state is the job's state. A copy from any other holder only brings a new node list.</summary>
    [Id(16)] public bool FromOwner { get; init; }

    /// <summary>Ours: deliveries as the owner counted them when it sent the copy.</summary>
    [Id(17)] public int Deliveries { get; init; }

    /// <summary>Ours: priority, failure policy and history; null for a plain Disque job.</summary>
    [Id(18)] public JobExtras? Extras { get; init; }
}
