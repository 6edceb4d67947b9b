using Orleans.Concurrency;

namespace Disque;

/// <summary>
/// One named queue, as other Orleans services see it: its length, QSTAT, the
/// jobs at its ends, and its PAUSE state. The jobs' data is owned by the job
/// stores; a queue grain that is lost is rebuilt from them.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    Task<long> Length();

    /// <summary>QSTAT; null when the queue does not exist.</summary>
    Task<QueueStats?> Stat();

    /// <summary>QPEEK: up to |count| jobs, oldest first, or newest first when count is negative.</summary>
    [return: Immutable]
    Task<QueuedJob[]> Peek(long count);

    /// <summary>PAUSE: sets the state when <paramref name="update"/>, and answers the state now.</summary>
    Task<PauseState> Pause(PauseState state, bool update);
}
