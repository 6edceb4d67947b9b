using Orleans.Runtime;

namespace Disque;

/// <summary>A new job offered to its queue: the queue checks PAUSE and MAXLEN, then queues it unless it has a DELAY.</summary>
[GenerateSerializer, Immutable]
public readonly record struct NewJob([property: Id(0)] QueuedJob Job, [property: Id(1)] long MaxLen, [property: Id(2)] bool Delayed);

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
    [Id(4)] public int TtlSeconds { get; init; }
    [Id(5)] public int RetrySeconds { get; init; }
    [Id(6)] public int DelaySeconds { get; init; }
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
}

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
    [Id(6)] public int DelaySeconds { get; init; }
    [Id(7)] public int RetrySeconds { get; init; }
    [Id(8)] public int Nacks { get; init; }
    [Id(9)] public int AdditionalDeliveries { get; init; }
    [Id(10)] public string[] NodesDelivered { get; init; } = [];
    [Id(11)] public string[] NodesConfirmed { get; init; } = [];
    [Id(12)] public long? NextRequeueWithinMs { get; init; }
    [Id(13)] public long? NextAwakeWithinMs { get; init; }
    [Id(14)] public byte[]? Body { get; init; }
}

/// <summary>What QSTAT tells about a queue.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueStats
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public long Length { get; init; }
    [Id(2)] public long AgeSeconds { get; init; }
    [Id(3)] public long IdleSeconds { get; init; }
    [Id(4)] public long Blocked { get; init; }
    [Id(5)] public string[] ImportFrom { get; init; } = [];
    [Id(6)] public long ImportRate { get; init; }
    [Id(7)] public long JobsIn { get; init; }
    [Id(8)] public long JobsOut { get; init; }
    [Id(9)] public PauseState Pause { get; init; }
}

/// <summary>A silo as HELLO and INFO describe it.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeInfo
{
    /// <summary>40 hex digits; job ids made here carry the first 8.</summary>
    [Id(0)] public required string NodeId { get; init; }
    [Id(1)] public required SiloAddress Silo { get; init; }

    /// <summary>The address clients reach the RESP gateway at, or empty when the silo serves no RESP.</summary>
    [Id(2)] public string Host { get; init; } = "";
    [Id(3)] public int RespPort { get; init; }
    [Id(4)] public bool Leaving { get; init; }
    [Id(5)] public bool OutOfMemory { get; init; }
    [Id(6)] public long Jobs { get; init; }
}

/// <summary>One page of JSCAN from one store: the jobs of a range of its shards.</summary>
[GenerateSerializer, Immutable]
public sealed record JobScanPage([property: Id(0)] JobInfo[] Jobs, [property: Id(1)] int NextShard);

/// <summary>JSCAN's filters.</summary>
[GenerateSerializer, Immutable]
public sealed record JobScanFilter
{
    [Id(0)] public string? Queue { get; init; }
    [Id(1)] public JobState[] States { get; init; } = [];
    [Id(2)] public bool WithBodies { get; init; }
}

/// <summary>A job GETJOB hands out, with the queue it came from.</summary>
[GenerateSerializer, Immutable]
public readonly record struct Delivery([property: Id(0)] string Queue, [property: Id(1)] QueuedJob Job);
