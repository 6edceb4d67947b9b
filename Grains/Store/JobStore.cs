using Orleans.Configuration;
using Disque.Cluster;
using Disque.Queues;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// This silo's job store as an Orleans grain: one activation per silo, placed on it,
/// reentrant, kept alive. The grain is a shell: every call, the tick and the work this
/// silo's command path posts (<see cref="StoreScheduler"/>) run the <see cref="StoreCore"/>
/// on the grain's turn; the core's calls to other silos are grain calls.
/// </summary>
[SiloBoundPlacement, Reentrant, KeepAlive]
internal sealed class JobStore(
    ClusterView cluster,
    DisqueClock clock,
    NodeState node,
    LocalQueues published,
    StoreScheduler turns,
    QueueRefs queueRefs,
    DisqueMetrics metrics,
    Journal.IJobJournal journal,
    Microsoft.Extensions.Options.IOptions<ClusterMembershipOptions> membership,
    ILogger<JobStore> log) : Grain, IJobStore
{
    /// <summary>The soonest membership declares a silo dead: missed probes, each a probe timeout long.</summary>
    private static TimeSpan DeclareDeadAfter(ClusterMembershipOptions options) => options.ProbeTimeout * options.NumMissedProbesLimit;

    private readonly StoreCore _core = new(cluster, clock, node, queueRefs, metrics, journal, log, DeclareDeadAfter(membership.Value));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != cluster.Self.ToParsableString())
            throw new InvalidOperationException($"A job store must live on its own silo, not on {cluster.Self}.");
        await _core.Start();
        published.Attach(_core.Queues);
        turns.Attach(_core, GrainContext.Scheduler);
        this.RegisterGrainTimer(static (core, _) => core.Tick(), _core, new GrainTimerCreationOptions
        {
            DueTime = StoreCore.TickPeriod,
            Period = StoreCore.TickPeriod,
            Interleave = true,
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        turns.Detach(_core);
        _core.Stop();
        return Task.CompletedTask;
    }

    public Task<Outcome<JobId>[]> Add(JobSpec[] jobs, bool forwarded) => _core.Add(jobs, forwarded);

    public Task<JobId[]> Replicate(JobCopy[] copies, SiloAddress from) => _core.Replicate(copies, from);

    public Task<Delivery[]> Take(string[] queues, int count) => _core.Take(queues, count);

    public Task<Delivery[]?> Wait(string[] queues, long waitMs, Guid waiter) => _core.Wait(queues, waitMs, waiter);

    public Task Flush() => _core.Flush();

    public Task StopWaiting(Guid waiter) => _core.StopWaiting(waiter);

    public Task Return(Delivery[] jobs) => _core.Return(jobs);

    public Task NeedJobs(string[] queues, int[] waiting, SiloAddress needer) => _core.NeedJobs(queues, waiting, needer);

    public Task<JobId[]> Offer(string queue, QueuedJob[] jobs, SiloAddress from) => _core.Offer(queue, jobs, from);

    public Task<int> Ack(JobId[] ids, bool relayed) => _core.Ack(ids, relayed);

    public Task<int> Delete(JobId[] ids, bool relayed) => _core.Delete(ids, relayed);

    public Task<List<JobId>> Relayed(JobId[] ids, bool acked) => _core.Relayed(ids, acked);

    public Task<int> FastAck(JobId[] ids) => _core.FastAck(ids);

    public Task<int> Forget(JobId[] ids, bool acked) => _core.Forget(ids, acked);

    public Task<JobInfo?> Show(JobId id) => _core.Show(id);

    public Task<Counted> Requeue(JobId[] ids, bool nack) => _core.Requeue(ids, nack);

    public Task<Counted> Dequeue(JobId[] ids) => _core.Dequeue(ids);

    public Task<Counted> Verdict(JobId[] ids, JobVerdict verdict) => _core.Verdict(ids, verdict);

    public Task<Counted> Revive(JobId[] ids) => _core.Revive(ids);

    public Task<int> ReviveQueue(string deadLetterQueue) => _core.ReviveQueue(deadLetterQueue);

    public Task<Outcome<long>> Working(JobId id) => _core.Working(id);

    public Task<QueuePart?> QueuePart(string queue) => _core.QueuePart(queue);

    public Task<QueuedJob[]> Peek(string queue, long count) => _core.Peek(queue, count);

    public Task SetPause(string queue, PauseState state, long version) => _core.SetPause(queue, state, version);

    public Task<int> Recover() => _core.Recover();

    public Task<JobId[]> Known(JobId[] ids) => _core.Known(ids);

    public Task Left(JobId[] ids, SiloAddress silo) => _core.Left(ids, silo);

    public Task<int> HandOff(TimeSpan within) => _core.HandOff(within);

    public Task<string[]> LocalQueues(long minLen, long maxLen) => _core.LocalQueues(minLen, maxLen);

    public Task<NodeInfo> Describe() => _core.Describe();

    public Task<JobEnd[]> WatchJobs(JobId[] ids, long waitMs, Guid waiter, bool any) => _core.WatchJobs(ids, waitMs, waiter, any);

    public Task<JobId> HeldKey(string key) => _core.HeldKey(key);

    public Task<JobScanPage> Scan(int firstShard, int count, JobScanFilter filter) => _core.Scan(firstShard, count, filter);
}
