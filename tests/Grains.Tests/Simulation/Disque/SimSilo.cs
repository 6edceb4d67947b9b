using Disque.Cluster;
using Disque.Jobs;
using Disque.Node;
using Disque.Queues;
using Disque.Store;
using Disque.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// One simulated silo incarnation running the real code: its <see cref="StoreCore"/> (answering
/// other silos' <see cref="IJobStore"/> calls over the simulated network, and ticking every
/// 100 ms of virtual time), and a gateway face for the simulated clients that carries commands
/// out as the RESP gateway does: ADDJOB on this silo's store, GETJOB through <see cref="Node.GetJob"/>,
/// ACKJOB and NACK through the <see cref="JobRouter"/>. Everything runs on the node's turn.
/// </summary>
internal sealed class SimSilo : ISimServices, ISimGateway
{
    private readonly SimNode _node;
    private readonly SimWorld _world;
    private readonly ILocalStore _local;
    private readonly GetJob _getJob;
    private readonly JobRouter _router;
    private readonly IJobStore _served;

    public SimSilo(SimNode node, SimWorld world)
    {
        _node = node;
        _world = world;
        var cluster = new SimStoreCluster(node, world.Names, world.Silos);
        var log = new SimLog(world.Sim.Loop, node.Address);
        State = new NodeState();
        Core = new StoreCore(cluster, new DisqueClock(node.Time), State, new SimQueueGrains(), new DisqueMetrics(new LocalQueues()),
            world.Journal, log, world.Sim.Membership.Options.DeclareDeadAfter, bytes => node.Random.NextBytes(bytes));
        Core.Observer = world.Ledger.For(node, world.Names);
        _served = Environment.GetEnvironmentVariable("SIM_TRACE") is { Length: > 0 } ? TracedStore.Around(Core, world.Sim.Loop, node.Address, world.Names) : Core;
        _local = new Local(node, Core);
        _getJob = new GetJob(cluster, _local, new DisqueClock(node.Time), State, log);
        _router = new JobRouter(cluster, _local, NullLogger<JobRouter>.Instance);
        node.Watch(Run(), "the silo");
    }

    public StoreCore Core { get; }

    public NodeState State { get; }

    public object For(Type service) => service == typeof(IJobStore) ? _served : this;

    /// <summary>Starts the store (recovering the journal's orphans beside it in durable mode, as RecoverOnStart does), then ticks it.</summary>
    private async Task Run()
    {
        await Core.Start();
        if (_world.Journal.IsDurable)
            _node.Watch(Core.Recover(), "recovery at start");
        while (true)
        {
            await Task.Delay(StoreCore.TickPeriod, _node.Time);
            await Core.Tick();
        }
    }

    /// <summary>What a shutdown leaves the hand-off: half the host's 30 s, as LeaveOnShutdown gives it.</summary>
    public static readonly TimeSpan LeaveWithin = TimeSpan.FromSeconds(15);

    /// <summary>A clean stop (CLUSTER LEAVING, then SIGTERM): the copies held here move to other silos, then the silo goes.</summary>
    public async Task Leave()
    {
        State.Leaving = true;
        await Core.HandOff(LeaveWithin);
    }

    public async Task<Outcome<JobId>> AddJob(JobSpec job) => await _local.Run(static (store, j) => ((StoreCore)store).AddOne(j), job);

    public async Task<Delivery[]> GetJob(GetJobSpec spec, long hangUpAfterMs)
    {
        var call = _world.Ledger.GetJobStarted(_node, spec);
        using var hangUp = hangUpAfterMs > 0 ? new CancellationTokenSource(TimeSpan.FromMilliseconds(hangUpAfterMs), _node.Time) : null;
        try
        {
            var jobs = (await _getJob.Run(spec, hangUp?.Token ?? default)).Value ?? [];
            _world.Ledger.Answered(jobs);
            return jobs;
        }
        finally
        {
            _world.Ledger.GetJobEnded(call);
        }
    }

    public async Task<int> AckJob(JobId[] ids)
    {
        foreach (var id in ids)
            _world.Ledger.AckSent(id);
        var acked = await _router.ByHome(ids, static (store, batch) => store.Ack(batch));
        if (ids.Length == 1 && acked == 1)
            _world.Ledger.Acked(ids[0]);
        return acked;
    }

    public Task<int> Nack(JobId[] ids) => _router.ToOwners(ids, static (store, batch) => store.Requeue(batch, nack: true));

    public Task<int> Verdict(JobId[] ids, JobVerdict verdict) => _router.ToOwners(ids, (store, batch) => store.Verdict(batch, verdict));

    public Task<int> Revive(JobId[] ids) => _router.ToOwners(ids, static (store, batch) => store.Revive(batch));

    /// <summary>This silo's store as its command path reaches it: work posted to the node's turn, as StoreScheduler posts it to the grain's.</summary>
    private sealed class Local(SimNode node, StoreCore core) : ILocalStore
    {
        public ValueTask<T> Run<TArg, T>(Func<IJobStore, TArg, Task<T>> work, TArg arg) => new(node.Scheduler.Run(() => work(core, arg)));
    }
}
