using Disque.Domain;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// One job's copy as a store keeps it: compact, mutable, and scheduled on the
/// store's deadline wheel for the next thing that must happen to it (end of
/// DELAY, RETRY, or TTL).
/// </summary>
internal sealed class JobRecord : Scheduled
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
    public JobState State;

    /// <summary>Queued at least once, so the next queueing is an additional delivery.</summary>
    public bool WasQueued;

    /// <summary>Handed to a consumer at least once: an at-most-once job is never queued again.</summary>
    public bool Delivered;

    /// <summary>The silos holding copies, the owner first. Shared between records with the same placement.</summary>
    public required SiloAddress[] Nodes;

    /// <summary>ADDJOB is still offering the job to its queue: a queue being rebuilt must not take it as well.</summary>
    public bool Admitting;

    /// <summary>This store acts as the job's owner: it runs the job's DELAY and RETRY and queues it.</summary>
    public bool Owned;

    /// <summary>Taken over from an owner that died: the queue may still hold what that owner put there.</summary>
    public bool Adopted;

    /// <summary>For its owner: the job may sit in its queue (queued, or adopted from an owner that may have queued it).</summary>
    public bool MaybeQueued => State == JobState.Queued || Adopted;

    /// <summary>
    /// Taken over from an owner that is gone: this store owns it now, and as its state
    /// there is unknown it counts as delivered (active), maybe still in its queue.
    /// </summary>
    public void Adopt()
    {
        Owned = true;
        Adopted = true;
        State = JobState.Active;
    }

    /// <summary>
    /// This store's calls about the job still on their way: copies being made in the
    /// background (ASYNC), a requeue heading to the queue. An ack waits for them (see JobStore.Ack).
    /// </summary>
    public Task? InFlight;

    public void Track(Task call) => InFlight = InFlight is { IsCompleted: false } earlier ? Task.WhenAll(earlier, call) : call;

    public long CTimeMs => CTime / 1_000_000;

    public bool IsAtMostOnce => RetrySeconds == 0;

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
        Nodes = copy.Nodes,
        ExpireAtMs = copy.ExpireAtMs,
        QueueAtMs = copy.QueueAtMs,
        State = copy.State,
        WasQueued = copy.WasQueued,
        Delivered = copy.Delivered,
    };

    public QueuedJob ToQueued(SiloAddress owner) => new(Id, Body, CTime, Nacks, AdditionalDeliveries, owner);
}
