using Orleans.Configuration;
using Disque.Cluster;
using Disque.Queues;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// One of this silo's K job stores as an Orleans grain: one activation per store, placed on
/// the silo, reentrant, kept alive; each its own turn, so the K stores run on K cores. The
/// grain is a shell: every call, the tick and the work this silo's command path posts
/// (<see cref="StoreScheduler"/>) run its <see cref="StoreCore"/> on the grain's turn; the
/// core's calls to other silos are grain calls. Store 0, keyed by the silo's address, is the
/// one other silos call: with K &gt; 1 it answers through the <see cref="StoreSet"/>, which
/// hands each part of a call to the store it concerns (<see cref="StoreKeys"/>).
/// </summary>
[SiloBoundPlacement, Reentrant, KeepAlive]
internal sealed class JobStore(
    ClusterView cluster,
    DisqueClock clock,
    NodeState node,
    LocalQueues published,
    LocalStores stores,
    QueueRefs queueRefs,
    DisqueMetrics metrics,
    Journal.IJobJournal journal,
    Microsoft.Extensions.Options.IOptions<ClusterMembershipOptions> membership,
    ILogger<JobStore> log) : Grain, IJobStore
{
    /// <summary>The soonest membership declares a silo dead: missed probes, each a probe timeout long.</summary>
    private static TimeSpan DeclareDeadAfter(ClusterMembershipOptions options) => options.ProbeTimeout * options.NumMissedProbesLimit;

    private StoreCore _core = null!;

    /// <summary>Who answers grain calls: the core, or for store 0 of several the set of them all.</summary>
    private IJobStore _face = null!;

    private int _index;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _index = StoreKeys.Index(key);
        if (StoreKeys.SiloPart(key) != cluster.Self.ToParsableString() || _index >= stores.Count)
            throw new InvalidOperationException($"A job store must live on its own silo, one of its {stores.Count}, not {key} on {cluster.Self}.");
        var shard = new StoreShard(_index, stores.Count, stores.Set is null ? null : stores, stores.Board);
        _core = new StoreCore(cluster, clock, node, queueRefs, metrics, journal, log, DeclareDeadAfter(membership.Value), shard: shard);
        _face = _index == 0 && stores.Set is { } set ? set : _core;
        await _core.Start();
        published.Attach(_core.Queues, _index);
        stores[_index].Attach(_core, GrainContext.Scheduler);
        var tick = this.RegisterGrainTimer(static (core, _) => core.Tick(), _core, new GrainTimerCreationOptions
        {
            DueTime = TickPace.Fast,
            Period = TickPace.Fast,
            Interleave = true,
        });
        _core.Pace.Attach(period => tick.Change(period, period));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        stores[_index].Detach(_core);
        _core.Stop();
        return Task.CompletedTask;
    }

    public Task<Outcome<JobId>[]> Add(JobSpec[] jobs, bool forwarded) => _face.Add(jobs, forwarded);

    public Task<JobId[]> Replicate(JobCopy[] copies, SiloAddress from) => _face.Replicate(copies, from);

    public Task<Delivery[]> Take(string[] queues, int count) => _face.Take(queues, count);

    public Task<Delivery[]?> Wait(string[] queues, long waitMs, Guid waiter) => _face.Wait(queues, waitMs, waiter);

    public Task Flush() => _face.Flush();

    public Task StopWaiting(Guid waiter) => _face.StopWaiting(waiter);

    public Task Return(Delivery[] jobs) => _face.Return(jobs);

    public Task NeedJobs(string[] queues, int[] waiting, SiloAddress needer) => _face.NeedJobs(queues, waiting, needer);

    public Task<JobId[]> Offer(string queue, QueuedJob[] jobs, SiloAddress from) => _face.Offer(queue, jobs, from);

    public Task<int> Ack(JobId[] ids, bool relayed) => _face.Ack(ids, relayed);

    public Task<int> Delete(JobId[] ids, bool relayed) => _face.Delete(ids, relayed);

    public Task<List<JobId>> Relayed(JobId[] ids, bool acked) => _face.Relayed(ids, acked);

    public Task<int> FastAck(JobId[] ids) => _face.FastAck(ids);

    public Task<int> Forget(JobId[] ids, bool acked) => _face.Forget(ids, acked);

    public Task<JobInfo?> Show(JobId id) => _face.Show(id);

    public Task<Counted> Requeue(JobId[] ids, bool nack) => _face.Requeue(ids, nack);

    public Task<Counted> Dequeue(JobId[] ids) => _face.Dequeue(ids);

    public Task<Counted> Verdict(JobId[] ids, JobVerdict verdict) => _face.Verdict(ids, verdict);

    public Task<Counted> Revive(JobId[] ids) => _face.Revive(ids);

    public Task<int> ReviveQueue(string deadLetterQueue) => _face.ReviveQueue(deadLetterQueue);

    public Task<Outcome<long>> Working(JobId id) => _face.Working(id);

    public Task<QueuePart?> QueuePart(string queue) => _face.QueuePart(queue);

    public Task<QueuedJob[]> Peek(string queue, long count) => _face.Peek(queue, count);

    public Task SetPause(string queue, PauseState state, long version) => _face.SetPause(queue, state, version);

    public Task<int> Recover() => _face.Recover();

    public Task<JobId[]> Known(JobId[] ids, SiloAddress[] deadHolders) => _face.Known(ids, deadHolders);

    public Task Left(JobId[] ids, SiloAddress silo) => _face.Left(ids, silo);

    public Task<int> HandOff(TimeSpan within) => _face.HandOff(within);

    public Task<string[]> LocalQueues(long minLen, long maxLen) => _face.LocalQueues(minLen, maxLen);

    public Task<NodeInfo> Describe() => _face.Describe();

    public Task<JobEnd[]> WatchJobs(JobId[] ids, long waitMs, Guid waiter, bool any) => _face.WatchJobs(ids, waitMs, waiter, any);

    public Task<JobId> HeldKey(string key) => _face.HeldKey(key);

    public Task<JobScanPage> Scan(int firstShard, int count, JobScanFilter filter) => _face.Scan(firstShard, count, filter);
}
