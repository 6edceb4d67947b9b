using Orleans.Concurrency;

namespace Disque.Wire;

/// <summary>
/// The jobs that have a copy on one silo: one activation per silo, keyed by the
/// silo's address and placed on that silo only. A job's data lives here; the
/// store that owns a job (its home, or after a failure the first surviving
/// holder) runs its DELAY, RETRY and TTL timers and broadcasts its ACK.
/// </summary>
public interface IJobStore : IGrainWithStringKey
{
    /// <summary>Creates jobs with this silo as their home: copies made, then queued.</summary>
    /// <remarks>A silo that takes no new copies (leaving, out of memory) hands the jobs to another; <paramref name="forwarded"/> marks such a hand-over.</remarks>
    [return: Immutable]
    Task<Outcome<JobId>[]> Add([Immutable] JobSpec[] jobs, bool forwarded = false);

    /// <summary>Keeps copies of jobs whose home is another silo; false when this silo takes no new copies.</summary>
    Task<bool> Replicate([Immutable] JobCopy[] copies);

    /// <summary>
    /// ACKJOB: acknowledges the jobs here and on every silo holding a copy; counts
    /// those known and not yet acked. Ids unknown here are asked of every other
    /// silo, unless the call is itself such a <paramref name="relayed"/> question.
    /// </summary>
    Task<int> Ack([Immutable] JobId[] ids, bool relayed = false);

    /// <summary>FASTACK and DELJOB: deletes the jobs and their copies everywhere, without the ack bookkeeping; counts those known.</summary>
    Task<int> Delete([Immutable] JobId[] ids, bool relayed = false);

    /// <summary>Drops the local copies of jobs whose owner acknowledged or deleted them; counts those known.</summary>
    Task<int> Forget([Immutable] JobId[] ids, bool acked);

    /// <summary>The queue tells the owner its jobs were delivered, so SHOW says active and RETRY applies.</summary>
    [Orleans.Concurrency.OneWay]
    Task Delivered([Immutable] JobId[] ids);

    /// <summary>
    /// The same, awaited, before the jobs leave the queue. Answers the at-most-once ids
    /// that were delivered already: those must not be handed out.
    /// </summary>
    [return: Immutable]
    Task<JobId[]> MarkDelivered([Immutable] JobId[] ids);

    /// <summary>Jobs taken for a consumer that never got them are back in their queue: not delivered after all.</summary>
    Task Undelivered([Immutable] JobId[] ids);

    /// <summary>The queued jobs of a queue this store owns, to rebuild a queue grain that was lost.</summary>
    [return: Immutable]
    Task<QueuedJob[]> QueuedIn(string queue);

    Task<JobInfo?> Show(JobId id);

    /// <summary>NACK (nack) or ENQUEUE: queue active jobs again now; counts those queued.</summary>
    Task<int> Requeue(JobId[] ids, bool nack);

    /// <summary>DEQUEUE: take queued jobs out of their queue; counts those removed.</summary>
    Task<int> Dequeue(JobId[] ids);

    /// <summary>WORKING: postpone the next delivery by RETRY seconds; the RETRY, or NOJOB / TOOLATE.</summary>
    Task<Outcome<long>> Working(JobId id);

    /// <summary>Durable mode: takes the journaled jobs no living silo holds (after a cluster restart); how many.</summary>
    Task<int> Recover();

    /// <summary>Moves every copy held here to other silos before this one leaves; the number of jobs moved.</summary>
    Task<int> HandOff();

    /// <summary>QSCAN: the queues whose grains live on this silo, with a length in [minLen, maxLen].</summary>
    Task<string[]> LocalQueues(long minLen, long maxLen);

    /// <summary>HELLO and INFO: this silo as a Disque node.</summary>
    Task<NodeInfo> Describe();

    /// <summary>JSCAN: the jobs in shards [firstShard, ...) until about <paramref name="count"/> are collected.</summary>
    Task<JobScanPage> Scan(int firstShard, int count, JobScanFilter filter);
}
