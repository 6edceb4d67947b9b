using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>How many job stores a silo runs (<c>Disque:Stores</c>, issue 20); local to the silo.</summary>
public sealed record StoreCount(int Value)
{
    public int Value { get; } = Math.Max(1, Value);

    /// <summary>
    /// The default K: 1 for now. Two rules still read one store's part of a queue as the silo's, so
    /// K &gt; 1 is opt-in until they do: MAXLEN counts the part of the store the ADDJOB runs on, and
    /// PRIORITY orders each store's part (a GETJOB serves the most urgent job of the store it takes
    /// from first). Issue 20 asks for the processor count once they read the silo's part.
    /// </summary>
    public static StoreCount Default => new(1);
}

/// <summary>
/// This silo's K job stores as its command path reaches them: store k's turn through its
/// <see cref="StoreScheduler"/>, and all of them as one (<see cref="StoreSet"/>) for the calls
/// that name jobs or queues. With K = 1 everything goes to store 0's scheduler, as before.
/// ADDJOB picks a store in turn; a grouped job is made by store 0 (its group table is there).
/// </summary>
public sealed class LocalStores : ILocalStore
{
    private readonly StoreScheduler[] _stores;
    private readonly StoreSet? _set;
    private int _rotation;

    public LocalStores(StoreCount count, StoreScheduler first, ClusterView cluster, IGrainFactory grains)
    {
        _stores = new StoreScheduler[count.Value];
        _stores[0] = first;
        for (var k = 1; k < _stores.Length; k++)
        {
            var key = StoreKeys.For(cluster.Self, k);
            _stores[k] = new StoreScheduler(() => grains.GetGrain<IJobStore>(key).Describe());
        }
        _set = _stores.Length > 1 ? new StoreSet(_stores) : null;
    }

    public int Count => _stores.Length;

    internal StoreScheduler this[int store] => _stores[store];

    /// <summary>The silo's stores as one; null with one store.</summary>
    internal IJobStore? Set => _set;

    /// <summary>The store an ADDJOB runs on.</summary>
    internal StoreScheduler ForAdd(JobSpec job) =>
        _stores.Length == 1 || job.Group is not null ? _stores[0] : _stores[(int)((uint)Interlocked.Increment(ref _rotation) % (uint)_stores.Length)];

    public ValueTask<T> Run<TArg, T>(Func<IJobStore, TArg, Task<T>> work, TArg arg) =>
        _set is null ? ((ILocalStore)_stores[0]).Run(work, arg) : new(work(_set, arg));
}
