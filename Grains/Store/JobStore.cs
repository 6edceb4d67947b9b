using Disque.Cluster;
using Disque.Domain;
using Disque.Queues;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// The copies of jobs held by one silo, and the decisions about the jobs this
/// silo owns. Guarantees kept here:
/// - a job's copies are written to REPLICATE distinct silos before ADDJOB's
///   reply (<see cref="Add"/>), and the job is queued only after that;
/// - the owner (the first living silo in a job's node list: its home, or the
///   first surviving copy) queues an un-acked job again RETRY seconds after it
///   was last queued, until its TTL, and never again once an at-most-once job
///   was delivered;
/// - every copy expires at its TTL on its own;
/// - an ACK removes the job from its queue and from every silo in its node list
///   before it is answered.
/// The grain is reentrant: every await is a point where another call may have
/// changed a record, so code re-reads records after it awaits.
/// </summary>
[SiloBoundPlacement, Reentrant, KeepAlive]
internal sealed partial class JobStore(ClusterView cluster, DisqueClock clock, NodeState node, LocalQueues queues, QueueRefs queueRefs, DisqueMetrics metrics, Journal.IJobJournal journal, ILogger<JobStore> log) : Grain, IJobStore
{
    private const long TickMs = 100;

    private readonly JobTable _jobs = new();
    private readonly DeadlineWheel<JobRecord> _wheel = new(TickMs);
    private readonly Tombstones _acked = new();
    private JobIdGenerator _ids = null!;
    private SiloAddress[] _selfOnly = [];
    private MembershipVersion _membership;
    private long _lastCTime;
    private int _rotation;
    private long _lastEviction;

    private SiloAddress Self => cluster.Self;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != Self.ToParsableString())
            throw new InvalidOperationException($"A job store must live on its own silo, not on {Self}.");
        _ids = new JobIdGenerator(ClusterView.NodePrefix(Self));
        _selfOnly = [Self];
        _membership = cluster.Version;
        this.RegisterGrainTimer(static (store, _) => store.Tick(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromMilliseconds(TickMs),
            Period = TimeSpan.FromMilliseconds(TickMs),
            Interleave = true,
        });
        return Task.CompletedTask;
    }

    public Task<NodeInfo> Describe() => Task.FromResult(new NodeInfo
    {
        NodeId = cluster.SelfNodeId,
        Silo = Self,
        Host = node.Announced?.Host ?? node.RespEndpoint?.Address.ToString() ?? "",
        RespPort = node.Announced?.Port ?? node.RespEndpoint?.Port ?? 0,
        Leaving = node.Leaving,
        OutOfMemory = node.OutOfMemory,
        Jobs = _jobs.Count,
    });

    public Task<string[]> LocalQueues(long minLen, long maxLen) =>
        Task.FromResult(queues.Snapshot().Where(q => q.Length >= minLen && q.Length <= maxLen).Select(q => q.Name).ToArray());

    /// <summary>The owner is the first living silo of the node list: only it queues the job.</summary>
    private bool IsOwner(JobRecord record)
    {
        foreach (var silo in record.Nodes)
        {
            if (silo.Equals(Self))
                return true;
            if (cluster.IsAlive(silo))
                return false;
        }
        return false;
    }

    private bool IsCurrent(JobRecord record) => _jobs.TryGet(record.Id, out var live) && ReferenceEquals(live, record);

    /// <summary>
    /// Queues jobs again in their queue. Each record keeps the call while it is on
    /// its way: an ack waits for it before it drops the copy, so the queue never
    /// sees the job after the ack has taken it out.
    /// </summary>
    private Task<int[]?> Requeue(string queue, IReadOnlyCollection<JobRecord> records, bool respectPause)
    {
        var call = queueRefs[queue].Enqueue([.. records.Select(r => r.ToQueued(Self))], respectPause);
        foreach (var record in records)
            record.Track(call);
        return call;
    }

    /// <summary>Waits for the records' calls still on their way (<see cref="JobRecord.InFlight"/>), whatever their outcome.</summary>
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
        _jobs.TryAdd(record);
        Reschedule(record);
    }

    private void Drop(JobRecord record)
    {
        _jobs.Remove(record.Id, out _);
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

    private Task Tick()
    {
        var now = clock.NowMs;
        metrics.RegisteredJobs = _jobs.Count;
        _acked.Expire(now);
        if (cluster.Version != _membership)
        {
            _membership = cluster.Version;
            AdoptOrphans(now);
            // A silo that died may have held the only copy of journaled jobs.
            if (journal.IsDurable)
                _ = RecoverQuietly();
        }
        if (node.OutOfMemory && now - _lastEviction >= 1000)
        {
            _lastEviction = now;
            EvictUnderPressure();
        }
        var due = new List<JobRecord>();
        _wheel.TakeDue(now, due);
        return due.Count == 0 ? Task.CompletedTask : OnDue(due, now);
    }

    private async Task RecoverQuietly()
    {
        try
        {
            await Recover();
        }
        catch (Exception error)
        {
            LogFailure(log, error, "recovering jobs from the journal");
        }
    }

    private static void LogFailure(ILogger log, Exception error, string what) =>
        log.LogWarning(error, "Job store: {What} failed", what);
}
