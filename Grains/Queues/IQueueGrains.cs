namespace Disque.Queues;

/// <summary>
/// The queue grains as a job store reaches them: each queue's grain, told the store's
/// counters and the end of its part, and the cluster's paused queues, read at start.
/// </summary>
public interface IQueueGrains
{
    IQueueState this[string name] { get; }

    IPausedQueues Paused { get; }
}
