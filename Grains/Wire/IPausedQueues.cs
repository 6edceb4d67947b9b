namespace Disque.Wire;

/// <summary>
/// The queues whose PAUSE state is not none, for the whole cluster: a job store
/// reads them all when it starts, and hears every change from the queue grain
/// after that, so it decides ADDJOB's PAUSED on its own from its first job on.
/// </summary>
public interface IPausedQueues : IGrainWithIntegerKey
{
    Task<PausedQueue[]> All();

    /// <summary>Records a queue's PAUSE state (none forgets it), unless a newer one is recorded.</summary>
    Task Set(PausedQueue queue);
}

/// <summary>A queue's PAUSE state and its version (versions only grow).</summary>
[GenerateSerializer, Immutable]
public readonly record struct PausedQueue([property: Id(0)] string Name, [property: Id(1)] PauseState State, [property: Id(2)] long Version);
