using Disque.Cluster;
using Disque.Domain;
using Disque.Queues;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// One silo as a Disque node: the copies of the jobs it holds, and the queues of the
/// jobs it owns. Guarantees kept here:
/// - a job's copies are written to REPLICATE distinct silos before ADDJOB's
///   reply (<see cref="Add"/>), and the job is queued only after that;
/// - the owner (the first living silo in a job's node list: its home, or the
///   first surviving copy, see <see cref="Ownership"/>) is the only one to queue
///   the job, in its own queue, and queues an un-acked job again RETRY seconds
///   after it was last queued, until its TTL (<see cref="JobTimes"/>); an
///   at-most-once job once delivered is never queued again;
/// - a queued job is handed to one consumer per queueing, and a blocked consumer
///   is served or ended only on this store's turn;
/// - every copy expires at its TTL on its own;
/// - an ACK removes the job from its queue and from every silo in its node list
///   before it is answered.
/// It is reentrant: every await is a point where another call may have changed a
/// record, so code re-reads records after it awaits. Its state is touched only on
/// its turn (<see cref="GrainTurn"/>).
/// The core knows nothing of Orleans' grains: what it reaches beyond itself comes in
/// through its constructor (the cluster and the other stores, the queue grains, the
/// journal, the clocks), and its turn is whoever runs it: the <see cref="JobStore"/>
/// grain in a silo, a simulated silo's scheduler in the deterministic simulation.
/// A silo may run K such stores (<see cref="StoreShard"/>): each holds the jobs that
/// <see cref="StoreShards.Of"/> files in it, and its part of each of the silo's queues.
/// </summary>
internal sealed partial class StoreCore(
    IStoreCluster cluster,
    DisqueClock clock,
    NodeState node,
    IQueueGrains queueRefs,
    DisqueMetrics metrics,
    Journal.IJobJournal journal,
    ILogger log,
    TimeSpan declareDeadAfter,
    Action<Span<byte>>? randomBytes = null,
    StoreShard shard = default) : IJobStore
{
    private const long TickMs = 100;
    private const int TicksPerSecond = (int)(1000 / TickMs);

    /// <summary>How often the store's <see cref="Tick"/> is to run.</summary>
    public static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(TickMs);

    private readonly JobTable _jobs = new();
    private readonly DeadlineWheel<JobRecord> _wheel = new(TickMs);
    private readonly Tombstones _acked = new();

    /// <summary>Copies dropped on their owner's word: a copy of theirs still on its way is refused for this long.</summary>
    private readonly Tombstones _forgotten = new();

    /// <summary>Silos a recovery named dead: their copies are refused for a while, as a dead silo's.</summary>
    private readonly SiloFence _namedDead = new();

    /// <summary>How jobs only this silo held ended, the last ones (WAITJOB after the fact).</summary>
    private readonly RecentEnds _ended = new();

    /// <summary>Longer than any message may be late: Orleans drops a request older than its call's timeout (30 s).</summary>
    private const long RefuseLateCopiesMs = 120_000;
    private readonly QueueTable _queues = new(shard.Slot);
    private readonly GrainTurn _turn = new();
    private readonly HashSet<SiloAddress> _warmed = [];
    private readonly StallFence _stall = StallFence.For(cluster.Time, declareDeadAfter);

    /// <summary>How often the tick runs: slower while the store holds nothing the tick times.</summary>
    internal TickPace Pace { get; } = new();

    /// <summary>Nothing here for the tick to time: no job, no blocked consumer, no wait on a job, no recovery to try again.</summary>
    private bool IsIdle => _jobs.Count == 0 && _waiters.Count == 0 && _watches.Count == 0 && !_recoveryPending;
    private JobIdGenerator _ids = null!;
    private SiloAddress[] _selfOnly = [];
    private MembershipVersion _membership;
    private long _lastCTime;
    private int _rotation;
    private long _lastEviction;
    /// <summary>Fast ticks' worth of time since the store started (an idle tick counts as the fast ticks it stands for), and that count at the tick before.</summary>
    private long _ticks, _ticksBefore;

    /// <summary>A multiple of <paramref name="every"/> fast ticks passed with this tick: what runs every so many ticks runs on time at either pace.</summary>
    private bool EveryTicks(long every) => _ticks / every != _ticksBefore / every;
    private long _lastDeliveryTag;
    private long _started;

    private SiloAddress Self => cluster.Self;

    /// <summary>This store as the queue grains file its counters: the silo, which names its incarnation.</summary>
    private string StoreKey => StoreKeys.For(Self, shard.Index);

    /// <summary>The queues here, as this silo's metrics and INFO read them.</summary>
    public QueueTable Queues => _queues;

    /// <summary>Between <see cref="Start"/> and <see cref="Stop"/>: posted work runs only then (<see cref="StoreScheduler"/>).</summary>
    internal bool IsActive { get; private set; }

    /// <summary>On the store's turn: reads the paused queues, and from then on takes calls and ticks.</summary>
    public async Task Start()
    {
        _turn.Capture();
        _started = cluster.Time.GetTimestamp();
        _ids = new JobIdGenerator(ClusterView.NodePrefix(Self), randomBytes, shard.Index, shard.Count);
        _selfOnly = [Self];
        _membership = cluster.Version;
        await LoadPausedQueues();
        IsActive = true;
    }

    /// <summary>The store goes away: its blocked consumers get nothing.</summary>
    public void Stop()
    {
        IsActive = false;
        EndAllWaits(answer: []);
        EndAllWatches();
        foreach (var partition in _queues.All)
            partition.LeaveBoard(); // the store that comes up in its place writes its own
    }

    public Task<NodeInfo> Describe() => Task.FromResult(new NodeInfo
    {
        NodeId = cluster.NodeId(Self),
        Silo = Self,
        Host = node.Announced?.Host ?? node.RespEndpoint?.Address.ToString() ?? "",
        RespPort = node.Announced?.Port ?? node.RespEndpoint?.Port ?? 0,
        Leaving = node.Leaving,
        OutOfMemory = node.OutOfMemory,
        Jobs = _jobs.Count,
        UsedMemory = GC.GetTotalMemory(false),
        UsedMemoryRss = Environment.WorkingSet,
        MaxMemory = node.MaxMemoryBytes,
        Counters = metrics.Totals,
    });

    /// <summary>Hears what this store decides about its jobs (the deterministic simulation); null in a silo.</summary>
    internal IJobObserver? Observer { get; set; }

    /// <summary>The copy of a job held here, as it is now: what the deterministic simulation's checks read.</summary>
    internal JobRecord? Record(JobId id) => _jobs.TryGet(id, out var record) ? record : null;

    /// <summary>
    /// A silo this one does not know yet is new, not dead: it counts as living for ownership, or
    /// a copy sent by a silo that joined a moment ago would make this silo a second owner.
    /// </summary>
    private bool IsOwner(JobRecord record) => Ownership.IsOwner(record, Self, silo => !cluster.IsDeclaredDead(silo));

    private bool IsCurrent(JobRecord record) => _jobs.TryGet(record.Id, out var live) && ReferenceEquals(live, record);

    /// <summary>Waits for the records' writes still on their way (<see cref="JobRecord.InFlight"/>), whatever their outcome.</summary>
    private static Task Settled(List<JobRecord> records)
    {
        HashSet<Task>? pending = null;
        foreach (var record in records)
            if (record.InFlight is { IsCompleted: false } call)
                (pending ??= []).Add(call);
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending).ContinueWith(static _ => { }, TaskScheduler.Current);
    }

    private void Keep(JobRecord record)
    {
        Pace.Busy();
        _jobs.TryAdd(record);
        IndexKey(record);
        Reschedule(record);
    }

    /// <summary>The record goes: out of its queue if it is queued here, off the wheel, out of the table.</summary>
    private void Drop(JobRecord record)
    {
        Unqueue(record);
        _jobs.Remove(record.Id, out _);
        UnindexKey(record);
        _wheel.Cancel(record);
    }

    /// <summary>Puts the record on the wheel for its next moment: its TTL, or, for an owner, when it is to be queued.</summary>
    private void Reschedule(JobRecord record)
    {
        var due = record.ExpireAtMs;
        if (record.QueueAtMs != 0 && record.QueueAtMs < due && IsOwner(record))
            due = record.QueueAtMs;
        _wheel.Schedule(record, due);
    }

    /// <summary>Disque's ctime: milliseconds times a million, made unique and increasing on this silo.</summary>
    private long NextCTime(long nowMs)
    {
        var ctime = nowMs * 1_000_000;
        _lastCTime = ctime > _lastCTime ? ctime : _lastCTime + 1;
        return _lastCTime;
    }

    /// <summary>Every <see cref="TickPeriod"/> (every <see cref="TickPace.Idle"/> while idle), on the store's turn: membership changes, DELAY, RETRY and TTL, waits that timed out, housekeeping.</summary>
    public Task Tick()
    {
        _turn.Check("The job store's tick");
        var now = clock.NowMs;
        if (_stall.Ticked(Pace.Period - TickPace.Fast))
            log.LogWarning("This silo's job store stood still for over {Stall}: it hands out no job for {Hold}, should membership have declared it dead meanwhile", _stall.StallAfter, _stall.HoldFor);
        else if (_stall.Released())
            foreach (var partition in _queues.All.ToList()) // serving may make or drop parts
                Serve(partition, now);
        metrics.Registered(shard.Index, _jobs.Count);
        _acked.Expire(now);
        _forgotten.Expire(now);
        _namedDead.Expire(now);
        if (cluster.Version != _membership)
        {
            _membership = cluster.Version;
            AdoptOrphans(now);
            WarmUpNewcomers();
            // A silo that died may have held the only copy of journaled jobs.
            if (journal.IsDurable)
                _ = Quietly(Recover(), "recovering jobs from the journal");
        }
        if (node.OutOfMemory && now - _lastEviction >= 1000)
        {
            _lastEviction = now;
            EvictUnderPressure();
        }
        EndExpiredWaits(now);
        EndExpiredWatches(now);
        _ticksBefore = _ticks;
        _ticks += Pace.Period.Ticks / TickPace.Fast.Ticks;
        if (EveryTicks(TicksPerSecond))
            QueueHousekeeping(now);
        if (_recoveryPending && EveryTicks(RetryRecoveryEveryTicks))
            _ = Quietly(Recover(), "recovering jobs from the journal again");
        if (EveryTicks(ReadPausesEveryTicks))
            _ = Quietly(ReadPausesAgain(), "reading the paused queues again");
        _queues.Publish();
        var due = new List<JobRecord>();
        _wheel.TakeDue(now, due);
        if (due.Count > 0)
            OnDue(due, now);
        Pace.Ticked(IsIdle);
        return Task.CompletedTask;
    }

    /// <summary>Brings up the store of each silo that joined, so the first copy sent there does not pay for it within an ADDJOB's timeout.</summary>
    private void WarmUpNewcomers()
    {
        foreach (var silo in cluster.Active)
            if (!silo.Equals(Self) && _warmed.Add(silo))
                Tell(silo, static store => store.Describe(), "bringing up the job store");
    }

    /// <summary>One call to another silo's store that nobody waits for; a failure is logged.</summary>
    private void Tell(SiloAddress silo, Func<IJobStore, Task> call, string what) => _ = Quietly(call(cluster.Store(silo)), $"{what} on {silo}");

    private async Task Quietly(Task call, string what)
    {
        try
        {
            await call;
        }
        catch (Exception error)
        {
            LogFailure(log, error, what);
        }
    }

    private static void LogFailure(ILogger log, Exception error, string what) =>
        log.Log(ClusterView.Severity(error), error, "Job store: {What} failed", what);
}
