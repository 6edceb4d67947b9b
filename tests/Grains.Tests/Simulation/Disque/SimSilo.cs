using Disque.Cluster;
using Disque.Jobs;
using Disque.Node;
using Disque.Queues;
using Disque.Store;
using Disque.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// One simulated silo incarnation running the real code: its K <see cref="StoreCore"/>s (K from the
/// world, 1 or 2, issue 20: other silos' <see cref="IJobStore"/> calls reach them over the simulated
/// network through the <see cref="StoreSet"/> when K &gt; 1, as they reach a silo's store 0; each
/// ticks every 100 ms of virtual time), and a gateway face for the simulated clients that carries
/// commands out as the RESP gateway does: ADDJOB on one of this silo's stores, GETJOB through
/// <see cref="Node.GetJob"/>, ACKJOB and NACK through the <see cref="JobRouter"/>. Everything runs
/// on the node's turn.
/// </summary>
internal sealed class SimSilo : ISimServices, ISimGateway
{
    private readonly SimNode _node;
    private readonly SimWorld _world;
    private readonly ILocalStore _local;
    private readonly ILocalStore[] _stores;
    private readonly GetJob _getJob;
    private readonly JobRouter _router;
    private readonly IJobStore _served;
    private int _rotation;

    public SimSilo(SimNode node, SimWorld world, int count)
    {
        _node = node;
        _world = world;
        var cluster = new SimStoreCluster(node, world.Names, world.Silos);
        var log = new SimLog(world.Sim.Loop, node.Address);
        State = new NodeState();
        var set = new SetLocal();
        var board = count > 1 ? new QueueBoard(count) : null;
        var metrics = new DisqueMetrics(new LocalQueues());
        Cores = new StoreCore[count];
        _stores = new ILocalStore[count];
        for (var k = 0; k < count; k++)
        {
            Cores[k] = new StoreCore(cluster, new DisqueClock(node.Time), State, new SimQueueGrains(), metrics,
                world.Journal, log, world.Sim.Membership.Options.DeclareDeadAfter, bytes => node.Random.NextBytes(bytes),
                new StoreShard(k, count, count > 1 ? set : null, board));
            Cores[k].Observer = world.Ledger.For(node, world.Names);
            _stores[k] = new Local(node, Cores[k]);
        }
        IJobStore face = count == 1 ? Cores[0] : set.Set = new StoreSet(_stores, board);
        _served = Environment.GetEnvironmentVariable("SIM_TRACE") is { Length: > 0 } ? TracedStore.Around(face, world.Sim.Loop, node.Address, world.Names) : face;
        _local = count == 1 ? _stores[0] : set;
        _getJob = new GetJob(cluster, _local, new DisqueClock(node.Time), State, log);
        _router = new JobRouter(cluster, _local, NullLogger<JobRouter>.Instance);
        node.Watch(Run(), "the silo");
    }

    /// <summary>This silo's stores: the job with a given id is in <see cref="CoreOf"/>.</summary>
    public StoreCore[] Cores { get; }

    /// <summary>Store 0: the only one of a one-store silo (the scenarios' silos).</summary>
    public StoreCore Core => Cores[0];

    /// <summary>The store that holds <paramref name="id"/> on this silo, if any does.</summary>
    public StoreCore CoreOf(JobId id) => Cores[global::Disque.Domain.StoreShards.Of(id, Cores.Length)];

    public NodeState State { get; }

    public object For(Type service) => service == typeof(IJobStore) ? _served : this;

    /// <summary>Starts the stores (recovering the journal's orphans beside them in durable mode, as RecoverOnStart does), then ticks them.</summary>
    private async Task Run()
    {
        foreach (var core in Cores)
            await core.Start();
        if (_world.Journal.IsDurable)
            foreach (var core in Cores)
                _node.Watch(core.Recover(), "recovery at start");
        await Task.WhenAll(Cores.Select(Ticks));
    }

    /// <summary>One store's ticks at its pace (<see cref="TickPace"/>): a change of pace ends the wait for the next tick and starts a new one.</summary>
    private async Task Ticks(StoreCore core)
    {
        var paced = new CancellationTokenSource();
        core.Pace.Attach(_ =>
        {
            var old = paced;
            paced = new CancellationTokenSource();
            old.Cancel();
        });
        while (true)
        {
            try
            {
                await Task.Delay(core.Pace.Period, _node.Time, paced.Token);
            }
            catch (OperationCanceledException)
            {
                continue;
            }
            await core.Tick();
        }
    }

    /// <summary>What a shutdown leaves the hand-off: half the host's 30 s, as LeaveOnShutdown gives it.</summary>
    public static readonly TimeSpan LeaveWithin = TimeSpan.FromSeconds(15);

    /// <summary>A clean stop (CLUSTER LEAVING, then SIGTERM): the copies held here move to other silos, then the silo goes.</summary>
    public async Task Leave()
    {
        State.Leaving = true;
        await Task.WhenAll(Cores.Select(core => core.HandOff(LeaveWithin))); // at once, within one budget, as StoreSet.HandOff
    }

    /// <summary>On the stores in turn, as the gateway spreads its ADDJOBs; a grouped job on store 0.</summary>
    public async Task<Outcome<JobId>> AddJob(JobSpec job)
    {
        var store = job.Group is null ? _rotation++ % _stores.Length : 0;
        return await _stores[store].Run(static (s, j) => ((StoreCore)s).AddOne(j), job);
    }

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

    /// <summary>The silo's stores as one, as LocalStores gives them to the command path when K &gt; 1.</summary>
    private sealed class SetLocal : ILocalStore
    {
        public StoreSet Set { get; set; } = null!;

        public ValueTask<T> Run<TArg, T>(Func<IJobStore, TArg, Task<T>> work, TArg arg) => new(work(Set, arg));
    }
}
