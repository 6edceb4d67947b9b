using Orleans.Concurrency;

namespace Disque.Wire;

/// <summary>
/// What the stores tell a queue grain beyond its public face: the counters they
/// report so they outlive a silo, and the end of their part of the queue.
/// </summary>
public interface IQueueState : IQueueGrain
{
    /// <summary>A store's counters for this queue since it started (cumulative, so a repeat or a late one does no harm).</summary>
    [OneWay]
    Task Counted(string store, long jobsIn, long jobsOut);

    /// <summary>DEBUG FLUSHALL: the queue is forgotten, PAUSE, counters and all, as if never used.</summary>
    Task Forget();

    /// <summary>A store forgot its part of this queue (Disque's queue GC): its counters go with it.</summary>
    [OneWay]
    Task Evicted(string store);
}
