using Disque.Domain;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// One job's copy as a store keeps it: compact, mutable, and scheduled on the
/// store's deadline wheel for the next thing that must happen to it (end of
/// DELAY, RETRY, or TTL). The owner's record is also what its queue holds while
/// the job is queued: there is no second object per queued job.
/// </summary>
internal sealed class JobRecord : Scheduled, IQueuedJob
{
    public required JobId Id;
    public required string Queue;
    public required byte[] Body;
    public long CTime;
    public long ExpireAtMs;

    /// <summary>When the job is to be queued (again): the end of its DELAY, or RETRY after it was last queued; 0 never.</summary>
    public long QueueAtMs;

    public long TtlSeconds;
    public long RetrySeconds;
    public long DelaySeconds;
    public int Replicate;
    public int Nacks;
    public int AdditionalDeliveries;

    /// <summary>Ours: times the owner handed the job to a consumer (a give-back takes one back).</summary>
    public int Deliveries;

    /// <summary>Ours: the back-off the current delivery added to <see cref="QueueAtMs"/>, taken off again if that delivery is given back.</summary>
    public long BackoffMs;

    /// <summary>Ours: the job's priority, failure policy and history; null for a plain Disque job.</summary>
    public JobExtras? Extras;

    public JobState State;

    /// <summary>Queued at least once, so the next queueing is an additional delivery.</summary>
    public bool WasQueued;

    /// <summary>Handed to a consumer at least once: an at-most-once job is never queued again.</summary>
    public bool Delivered;

    /// <summary>The owner's number for the job's current delivery (0: never delivered by this owner); see <see cref="QueuedJob.DeliveryTag"/>.</summary>
    public long DeliveryTag;

    /// <summary>This store acts as the job's owner: it runs the job's DELAY and RETRY and queues it here.</summary>
    public bool Owned;

    /// <summary>Being handed over to other silos: queued nowhere here until the move is decided.</summary>
    public bool Moving;

    /// <summary>ADDJOB made this record here; false for any copy that came from elsewhere, a job handed back included.</summary>
    public bool MadeHere;

    /// <summary>The silos holding copies, the owner first. Shared between records with the same placement.</summary>
    public required SiloAddress[] Nodes;

    /// <summary>
    /// Writes still on their way that a removal must follow: ADDJOB's journal write (a delete
    /// before it would leave the entry for recovery to bring back), the copies learning what the
    /// job is now (a dead-letter move). An ack waits for them (see StoreCore.Ack).
    /// </summary>
    public Task? InFlight;

    /// <summary>
    /// ASYNC: the copies ADDJOB makes after its reply, while it makes them. An ack does not wait
    /// for them: each silo is named in <see cref="Nodes"/> before its copy is sent, so the ack
    /// reaches it, and a copy that lands there after the ack's word is refused; no copy is sent
    /// once the job is acked. A hand-off leaves the job until they are made.
    /// </summary>
    public Task? Copying;

    JobId IQueuedJob.Id => Id;

    long IQueuedJob.CTime => CTime;

    public int Priority => Extras?.Priority ?? 0;

    /// <summary>
    /// The holders become <paramref name="nodes"/> (their order names the owner), plus any silo the
    /// list named that <paramref name="nodes"/> does not: a list only grows, so an ACK never misses a
    /// copy another silo's news put there (a silo named that holds nothing costs one Forget).
    /// </summary>
    public void NameHolders(SiloAddress[] nodes) =>
        Nodes = Nodes.All(nodes.Contains) ? nodes : [.. nodes, .. Nodes.Where(s => !nodes.Contains(s))];

    public void Track(Task call) => InFlight = InFlight is { IsCompleted: false } earlier ? Task.WhenAll(earlier, call) : call;

    public long CTimeMs => CTime / 1_000_000;

    public bool IsAtMostOnce => RetrySeconds == 0;

    /// <summary>When its DELAY ends (its creation time when it has none).</summary>
    public long DelayEndMs => JobRules.AfterSeconds(CTimeMs, DelaySeconds);

    public JobCopy ToCopy() => new()
    {
        Id = Id,
        Queue = Queue,
        Body = Body,
        CTime = CTime,
        TtlSeconds = TtlSeconds,
        RetrySeconds = RetrySeconds,
        DelaySeconds = DelaySeconds,
        Replicate = Replicate,
        Nacks = Nacks,
        AdditionalDeliveries = AdditionalDeliveries,
        Deliveries = Deliveries,
        Extras = Extras,
        Nodes = Nodes,
        ExpireAtMs = ExpireAtMs,
        QueueAtMs = QueueAtMs,
        State = State,
        WasQueued = WasQueued,
        Delivered = Delivered,
        FromOwner = Owned,
    };

    public static JobRecord From(JobCopy copy) => new()
    {
        Id = copy.Id,
        Queue = NameCache.Get(copy.Queue),
        Body = copy.Body,
        CTime = copy.CTime,
        TtlSeconds = copy.TtlSeconds,
        RetrySeconds = copy.RetrySeconds,
        DelaySeconds = copy.DelaySeconds,
        Replicate = copy.Replicate,
        Nacks = copy.Nacks,
        AdditionalDeliveries = copy.AdditionalDeliveries,
        Deliveries = copy.Deliveries,
        Extras = copy.Extras,
        Nodes = copy.Nodes,
        ExpireAtMs = copy.ExpireAtMs,
        QueueAtMs = copy.QueueAtMs,
        State = copy.State,
        WasQueued = copy.WasQueued,
        Delivered = copy.Delivered,
    };

    /// <summary>The job as GETJOB and QPEEK hand it out: what it is now, apart from the record that goes on changing.</summary>
    public QueuedJob ToQueued() => new(Id, Body, CTime, Nacks, AdditionalDeliveries, DeliveryTag);
}
