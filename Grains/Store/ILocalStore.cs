namespace Disque.Store;

/// <summary>
/// This silo's own job store, as its command path reaches it: work run on the store's
/// turn, without a grain message (<see cref="StoreScheduler"/> in a silo; a simulated
/// silo's scheduler in the deterministic simulation).
/// </summary>
public interface ILocalStore
{
    /// <summary>Runs <paramref name="work"/> on the store's turn; its result, or its exception, comes back here.</summary>
    ValueTask<T> Run<TArg, T>(Func<IJobStore, TArg, Task<T>> work, TArg arg);
}
