using Orleans.Runtime;

namespace Disque;

/// <summary>
/// A job as its queue holds it and GETJOB hands it out: the id, the body and the
/// counters WITHCOUNTERS shows. Immutable, so a silo passes it between grains
/// without copying; the job's owning store makes a fresh one each time it queues the job.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class QueuedJob(JobId id, byte[] body, long ctime, int nacks, int additionalDeliveries, SiloAddress owner)
{
    [Id(0)] public JobId Id { get; } = id;

    [Id(1)] public byte[] Body { get; } = body;

    /// <summary>Creation time, Disque style: milliseconds since the epoch times 1,000,000, unique per silo.</summary>
    [Id(2)] public long CTime { get; } = ctime;

    [Id(3)] public int Nacks { get; } = nacks;

    [Id(4)] public int AdditionalDeliveries { get; } = additionalDeliveries;

    /// <summary>The silo whose store decides this job's fate: told when the job is delivered.</summary>
    [Id(5)] public SiloAddress Owner { get; } = owner;
}
