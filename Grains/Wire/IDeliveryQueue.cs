using Orleans.Concurrency;

namespace Disque.Wire;

/// <summary>
/// What silos ask of a queue grain beyond its public face: admitting new jobs,
/// queueing jobs again, handing them to consumers (at once or blocked), and
/// taking them out. Only the job stores and the node's command path call these.
/// </summary>
public interface IDeliveryQueue : IQueueGrain
{
    /// <summary>ADDJOB: checks PAUSE and MAXLEN for each new job, queues those without a DELAY. Null when all were accepted.</summary>
    [return: Immutable]
    Task<DisqueError?[]?> Add([Immutable] NewJob[] jobs);

    /// <summary>
    /// Queues jobs again (RETRY, NACK, ENQUEUE, the end of a DELAY). A job already
    /// queued is replaced by the fresh copy. With <paramref name="respectPause"/>,
    /// a queue paused IN refuses them: the indexes refused, or null.
    /// </summary>
    [return: Immutable]
    Task<int[]?> Enqueue([Immutable] QueuedJob[] jobs, bool respectPause);

    /// <summary>
    /// GETJOB on this queue: up to <paramref name="count"/> jobs at once, or, when
    /// none is there and <paramref name="waitMs"/> is above zero, the first job to
    /// arrive within that time. Empty when nothing came. A blocked call names its
    /// <paramref name="waiter"/>, so <see cref="StopWaiting"/> can end it.
    /// </summary>
    [return: Immutable]
    Task<QueuedJob[]> Take(int count, long waitMs, Guid waiter = default);

    /// <summary>Several GETJOB NOHANG at once, in order: for each count, up to that many jobs.</summary>
    [return: Immutable]
    Task<QueuedJob[][]> TakeEach([Immutable] int[] counts);

    /// <summary>Ends a blocked Take early (the consumer left, or another queue served it); a Take that comes later returns at once.</summary>
    Task StopWaiting(Guid waiter);

    /// <summary>Puts back jobs that were taken but never reached a client.</summary>
    Task Return([Immutable] QueuedJob[] jobs);

    /// <summary>Removes queued jobs (ACK, DEQUEUE, DELJOB, TTL); counts those that were queued.</summary>
    Task<int> Remove([Immutable] JobId[] ids);

    /// <summary>DEBUG FLUSHALL, once the jobs are deleted: blocked consumers get nothing, PAUSE and counters go, the queue no longer exists.</summary>
    Task Forget();

}
