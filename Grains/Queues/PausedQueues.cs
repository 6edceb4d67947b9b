using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Queues;

/// <summary>
/// The cluster's paused queues (<see cref="IPausedQueues"/>), kept in grain storage.
/// Only the queue grains write here, each for its own queue, before they tell the
/// stores; a version per queue makes a late write harmless.
/// </summary>
internal sealed class PausedQueues([PersistentState("paused", DisqueStorage.Name)] IPersistentState<Dictionary<string, PausedQueue>> saved) : Grain, IPausedQueues
{
    /// <summary>The key of the one registry.</summary>
    public const long Key = 0;

    public Task<PausedQueue[]> All() => Task.FromResult(saved.State.Values.ToArray());

    public async Task Set(PausedQueue queue)
    {
        if (saved.State.TryGetValue(queue.Name, out var known) && known.Version >= queue.Version)
            return;
        if (queue.State == PauseState.None)
            saved.State.Remove(queue.Name);
        else
            saved.State[queue.Name] = queue;
        await saved.WriteStateAsync();
    }
}
