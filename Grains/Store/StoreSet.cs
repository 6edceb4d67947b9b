using Disque.Domain;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// A silo's K job stores as one <see cref="IJobStore"/> (issue 20: a silo that uses every core).
/// Other silos call store 0, whatever their own K; store 0 answers through this set, and so
/// does this silo's command path when K &gt; 1. Invariants kept here:
/// - a call naming jobs reaches, for each job, the one store that may hold it on this silo,
///   <see cref="StoreShards.Of"/>: the batch is split by that rule, each part posted to its
///   store's turn (no message, no copy), and the answers joined;
/// - a call about queues reaches every store (each holds its part of each queue) and the
///   answers are merged as one silo's part, so other silos see one silo as before;
/// - new jobs from other silos (a forwarded ADDJOB) are made by store 0, whose ids are its own.
/// Each part runs on its store's turn; nothing here holds job state, so the set may be called
/// from any thread. With K = 1 it is not used: store 0 answers for itself, as before.
/// </summary>
internal sealed partial class StoreSet(ILocalStore[] stores, QueueBoard? board = null) : IJobStore
{
    private int _rotation;

    public int Count => stores.Length;

    /// <summary>The next store to start from, so that a queue is not drained from one store only.</summary>
    private int Next() => (int)((uint)Interlocked.Increment(ref _rotation) % (uint)stores.Length);

    private int StoreOf(JobId id) => StoreShards.Of(id, stores.Length);

    private Task<T> On<T>(int store, Func<IJobStore, Task<T>> call) => stores[store].Run(static (s, c) => c(s), call).AsTask();

    private Task Each(Func<IJobStore, Task> call) => Task.WhenAll(stores.Select(store => store.Run(static async (s, c) =>
    {
        await c(s);
        return true;
    }, call).AsTask()));

    private Task<T[]> Every<T>(Func<IJobStore, Task<T>> call) => Task.WhenAll(stores.Select(store => store.Run(static (s, c) => c(s), call).AsTask()));

    /// <summary>Each store's part of <paramref name="items"/> (by the job each names) with its answer; one call when all are in one store.</summary>
    private async Task<TResult[]> Split<TItem, TResult>(TItem[] items, Func<TItem, JobId> idOf, Func<IJobStore, TItem[], Task<TResult>> call)
    {
        if (items.Length == 0)
            return [await On(0, s => call(s, items))];
        var first = StoreOf(idOf(items[0]));
        if (Array.TrueForAll(items, item => StoreOf(idOf(item)) == first))
            return [await On(first, s => call(s, items))];
        var parts = items.GroupBy(item => StoreOf(idOf(item)));
        return await Task.WhenAll(parts.Select(part => On(part.Key, s => call(s, [.. part]))));
    }

    private static JobId Self(JobId id) => id;

    public Task<Outcome<JobId>[]> Add(JobSpec[] jobs, bool forwarded) => On(0, s => s.Add(jobs, forwarded));

    public async Task<JobId[]> Replicate(JobCopy[] copies, SiloAddress from) =>
        [.. (await Split(copies, static c => c.Id, (s, part) => s.Replicate(part, from))).SelectMany(r => r)];

    public Task Return(Delivery[] jobs) => Split(jobs, static d => d.Job.Id, static async (s, part) =>
    {
        await s.Return(part);
        return true;
    });

    public async Task<int> Ack(JobId[] ids, bool relayed) => (await Split(ids, Self, (s, part) => s.Ack(part, relayed))).Sum();

    public async Task<int> Delete(JobId[] ids, bool relayed) => (await Split(ids, Self, (s, part) => s.Delete(part, relayed))).Sum();

    public async Task<List<JobId>> Relayed(JobId[] ids, bool acked) => [.. (await Split(ids, Self, (s, part) => s.Relayed(part, acked))).SelectMany(r => r)];

    public async Task<int> FastAck(JobId[] ids) => (await Split(ids, Self, static (s, part) => s.FastAck(part))).Sum();

    public async Task<int> Forget(JobId[] ids, bool acked) => (await Split(ids, Self, (s, part) => s.Forget(part, acked))).Sum();

    public Task<JobInfo?> Show(JobId id) => On(StoreOf(id), s => s.Show(id));

    public async Task<Counted> Requeue(JobId[] ids, bool nack) => Joined(await Split(ids, Self, (s, part) => s.Requeue(part, nack)));

    public async Task<Counted> Dequeue(JobId[] ids) => Joined(await Split(ids, Self, static (s, part) => s.Dequeue(part)));

    public async Task<Counted> Verdict(JobId[] ids, JobVerdict verdict) => Joined(await Split(ids, Self, (s, part) => s.Verdict(part, verdict)));

    public async Task<Counted> Revive(JobId[] ids) => Joined(await Split(ids, Self, static (s, part) => s.Revive(part)));

    private static Counted Joined(Counted[] parts) =>
        parts.Length == 1 ? parts[0] : new Counted(parts.Sum(p => p.Count), [.. parts.SelectMany(p => p.Unknown)]);

    public Task<Outcome<long>> Working(JobId id) => On(StoreOf(id), s => s.Working(id));

    public async Task<JobId[]> Known(JobId[] ids, SiloAddress[] deadHolders) => [.. (await Split(ids, Self, (s, part) => s.Known(part, deadHolders))).SelectMany(r => r)];

    public Task Left(JobId[] ids, SiloAddress silo) => Split(ids, Self, async (s, part) =>
    {
        await s.Left(part, silo);
        return true;
    });
}
