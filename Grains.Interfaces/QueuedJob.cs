namespace Disque;

/// <summary>
/// A job as GETJOB and QPEEK hand it out: the id, the body and the counters
/// WITHCOUNTERS shows, as they were when it left its queue. Immutable, so a silo
/// passes it between grains without copying.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class QueuedJob(JobId id, byte[] body, long ctime, int nacks, int additionalDeliveries, long deliveryTag = 0)
{
    [Id(0)] public JobId Id { get; } = id;

    [Id(1)] public byte[] Body { get; } = body;

    /// <summary>Creation time, Disque style: milliseconds since the epoch times 1,000,000, unique per silo.</summary>
    [Id(2)] public long CTime { get; } = ctime;

    [Id(3)] public int Nacks { get; } = nacks;

    [Id(4)] public int AdditionalDeliveries { get; } = additionalDeliveries;

    /// <summary>
    /// Which time the job left its queue, as its owner numbers them (0 for a peek): a job given
    /// back names the delivery it undoes, and the owner ignores it once that delivery is over.
    /// </summary>
    [Id(5)] public long DeliveryTag { get; } = deliveryTag;
}
