using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Queues;

/// <summary>
/// The cluster's paused queues (<see cref="IPausedQueues"/>), kept in grain storage.
/// Only the queue grains write here, each for its own queue, before they tell the
/// stores; a version per queue makes a late write harmless, and a queue resumed
/// stays listed (as not paused) for an hour, so stores that read again see it.
/// </summary>
internal sealed class PausedQueues([PersistentState("paused", DisqueStorage.Name)] IPersistentState<Dictionary<string, PausedQueue>> saved) : Grain, IPausedQueues
{
    /// <summary>The key of the one registry.</summary>
    public const long Key = 0;

    /// <summary>How long a queue's return to no PAUSE is kept, so a store that reads again learns of it.</summary>
    private const long KeepResumedMs = 3_600_000;

    public Task<PausedQueue[]> All() => Task.FromResult(saved.State.Values.ToArray());

    public async Task Set(PausedQueue queue)
    {
        if (saved.State.TryGetValue(queue.Name, out var known) && known.Version >= queue.Version)
            return;
        saved.State[queue.Name] = queue;
        // Versions are at least the time in ms they were made: resumed queues are forgotten after a while.
        var forgetBefore = queue.Version - KeepResumedMs;
        foreach (var (name, entry) in saved.State)
            if (entry.State == PauseState.None && entry.Version < forgetBefore)
                saved.State.Remove(name);
        await saved.WriteStateAsync();
    }
}
