using Orleans.Concurrency;

namespace Disque.Wire;

/// <summary>
/// One silo as a Disque node: the copies of the jobs it holds and the queues of the
/// jobs it owns. One activation per silo, keyed by the silo's address and placed on
/// that silo only. The store that owns a job (its home, or after a failure the first
/// surviving holder) runs its DELAY, RETRY and TTL, queues it here, hands it to
/// consumers and broadcasts its ACK.
/// </summary>
public interface IJobStore : IGrainWithStringKey
{
    /// <summary>Creates jobs with this silo as their home: copies made, then queued here.</summary>
    /// <remarks>A silo that takes no new copies (leaving, out of memory) hands the jobs to another; <paramref name="forwarded"/> marks such a hand-over.</remarks>
    [return: Immutable]
    Task<Outcome<JobId>[]> Add([Immutable] JobSpec[] jobs, bool forwarded = false);

    /// <summary>
    /// Keeps copies of jobs whose home is another silo; answers the ids it did not take
    /// (acknowledged here, new to a silo that takes no new copies, or, when
    /// <paramref name="from"/> was declared dead, any but its ADDJOB's new jobs).
    /// </summary>
    Task<JobId[]> Replicate([Immutable] JobCopy[] copies, SiloAddress from);

    /// <summary>GETJOB without waiting: up to <paramref name="count"/> jobs queued here, one queue after the other per round, as Disque takes them.</summary>
    [return: Immutable]
    Task<Delivery[]> Take([Immutable] string[] queues, int count);

    /// <summary>
    /// A blocked GETJOB: the first job to arrive in any of the queues within
    /// <paramref name="waitMs"/>, or none. <see cref="StopWaiting"/> with the same
    /// <paramref name="waiter"/> ends it early, even before it arrived.
    /// </summary>
    [return: Immutable]
    Task<Delivery[]?> Wait([Immutable] string[] queues, long waitMs, Guid waiter);

    /// <summary>DEBUG FLUSHALL, once every job is deleted: consumers blocked here are answered null (<see cref="Wait"/>), every queue part here goes.</summary>
    Task Flush();

    /// <summary>The consumer behind <paramref name="waiter"/> left: its wait ends with nothing.</summary>
    Task StopWaiting(Guid waiter);

    /// <summary>Jobs taken here for a consumer that never got them: back in their queues, not delivered after all.</summary>
    Task Return([Immutable] Delivery[] jobs);

    /// <summary>So many of another silo's consumers wait on each of these queues now: jobs queued here go to them, one each.</summary>
    [OneWay]
    Task NeedJobs([Immutable] string[] queues, [Immutable] int[] waiting, SiloAddress needer);

    /// <summary>Jobs another silo owns, for this silo's blocked consumers; the ids of those nobody here waited for.</summary>
    [return: Immutable]
    Task<JobId[]> Offer(string queue, [Immutable] QueuedJob[] jobs, SiloAddress from);

    /// <summary>
    /// ACKJOB: acknowledges the jobs here and on every silo holding a copy; counts
    /// those known and not yet acked. Ids unknown here are asked of every other
    /// silo (<see cref="Relayed"/>), each counted once, unless <paramref name="relayed"/>.
    /// </summary>
    Task<int> Ack([Immutable] JobId[] ids, bool relayed = false);

    /// <summary>DELJOB: deletes the jobs and their copies everywhere, without the ack bookkeeping; counts those known.</summary>
    Task<int> Delete([Immutable] JobId[] ids, bool relayed = false);

    /// <summary>An ACK (<paramref name="acked"/>) or delete another silo could not place: the ids known here and now removed.</summary>
    [return: Immutable]
    Task<List<JobId>> Relayed([Immutable] JobId[] ids, bool acked);

    /// <summary>
    /// FASTACK, Disque's best effort: the jobs known here leave this store and their queue
    /// before it answers; their other copies and the journal are told without waiting, and
    /// ids unknown here are sent to every other silo, also without waiting. Counts those known here.
    /// </summary>
    Task<int> FastAck([Immutable] JobId[] ids);

    /// <summary>
    /// Drops the local copies of jobs whose owner acknowledged, deleted or withdrew them; counts
    /// those known. An id not known here is remembered as gone, so a copy still on its way is refused.
    /// </summary>
    Task<int> Forget([Immutable] JobId[] ids, bool acked);

    Task<JobInfo?> Show(JobId id);

    /// <summary>NACK (nack) or ENQUEUE: queue active jobs again now; how many were, and the ids this store does not own.</summary>
    Task<Counted> Requeue([Immutable] JobId[] ids, bool nack);

    /// <summary>Ours: NACKJOB or FAILJOB (<see cref="JobVerdict"/>) on active jobs; how many moved, and the ids this store does not own.</summary>
    Task<Counted> Verdict([Immutable] JobId[] ids, JobVerdict verdict);

    /// <summary>Ours: REVIVE, dead letters back to the queues they came from, history reset; how many, and the ids this store does not own.</summary>
    Task<Counted> Revive([Immutable] JobId[] ids);

    /// <summary>Ours: REVIVE QUEUE, every dead letter this store owns in <paramref name="deadLetterQueue"/>; how many.</summary>
    Task<int> ReviveQueue(string deadLetterQueue);

    /// <summary>DEQUEUE: take queued jobs out of their queue; how many were, and the ids this store does not own.</summary>
    Task<Counted> Dequeue([Immutable] JobId[] ids);

    /// <summary>WORKING: postpone the next delivery by RETRY seconds; the RETRY, or NOJOB / TOOLATE.</summary>
    Task<Outcome<long>> Working(JobId id);

    /// <summary>QLEN, QSTAT: this silo's part of the queue, or null when it has none.</summary>
    Task<QueuePart?> QueuePart(string queue);

    /// <summary>QPEEK: up to |count| of the jobs queued here, oldest first (newest first when negative).</summary>
    [return: Immutable]
    Task<QueuedJob[]> Peek(string queue, long count);

    /// <summary>The queue grain tells every store its PAUSE state; a store keeps the newest <paramref name="version"/>.</summary>
    Task SetPause(string queue, PauseState state, long version);

    /// <summary>Durable mode: takes the journaled jobs no living silo holds (after a cluster restart); how many.</summary>
    Task<int> Recover();

    /// <summary>
    /// <paramref name="silo"/>, moving these jobs away, dropped its copies: it is no longer named among
    /// their holders here (the one way a silo leaves a job's list but by being declared dead).
    /// </summary>
    [OneWay]
    Task Left([Immutable] JobId[] ids, SiloAddress silo);

    /// <summary>
    /// Recovery's question: which of these ids this store holds a copy of, or knows acknowledged. The others the
    /// asking silo may take over: for a while this store takes no copy of them from <paramref name="deadHolders"/>.
    /// </summary>
    [return: Immutable]
    Task<JobId[]> Known([Immutable] JobId[] ids, [Immutable] SiloAddress[] deadHolders);

    /// <summary>Moves every copy held here to other silos before this one leaves, within <paramref name="within"/>; the number of jobs moved.</summary>
    Task<int> HandOff(TimeSpan within);

    /// <summary>QSCAN: the queues of this silo with a length in [minLen, maxLen].</summary>
    Task<string[]> LocalQueues(long minLen, long maxLen);

    /// <summary>HELLO and INFO: this silo as a Disque node.</summary>
    Task<NodeInfo> Describe();

    /// <summary>
    /// Ours, WAITJOB: how each job ended as far as this store knows (unknown: not held nor remembered
    /// here); the pending ones it holds are waited for up to <paramref name="waitMs"/>.
    /// <see cref="StopWaiting"/> with the same <paramref name="waiter"/> ends the wait early; with
    /// <paramref name="any"/>, the first end does (a dependent job's wait notes each end as it comes).
    /// </summary>
    [return: Immutable]
    Task<JobEnd[]> WatchJobs([Immutable] JobId[] ids, long waitMs, Guid waiter, bool any = false);

    /// <summary>Ours, UNIQUE: the live job holding this key here (or within its UNIQUEFOR window after its ACK); the empty id when none.</summary>
    Task<JobId> HeldKey(string key);

    /// <summary>JSCAN: the jobs in shards [firstShard, ...) until about <paramref name="count"/> are collected.</summary>
    Task<JobScanPage> Scan(int firstShard, int count, JobScanFilter filter);
}
