using Disque.Cluster;
using Disque.Domain;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Disque.Queues;

/// <summary>
/// One queue: its queued jobs in creation order, the consumers blocked on it,
/// PAUSE and the QSTAT counters. Guarantees kept here:
/// - a job is handed to at most one consumer per queueing, and a blocked
///   consumer that went away never swallows a job (the hand-over completes
///   only if the consumer's wait is still open);
/// - an at-most-once job is marked delivered in its store before it leaves;
/// - a queue grain that was lost (its silo died) is rebuilt on activation from
///   the jobs the stores hold as queued.
/// The queue exists, for QSTAT and QSCAN, from its first use until it has been
/// empty, unpaused and without waiters for five minutes (Disque's rule); it
/// then deactivates. Reentrant: waits interleave with everything else.
/// </summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 2)]
internal sealed partial class QueueGrain(
    ClusterView cluster,
    DisqueClock clock,
    NodeState node,
    LocalQueues registry,
    DisqueMetrics metrics,
    [PersistentState("queue", DisqueStorage.Name)] IPersistentState<QueueState> saved,
    ILogger<QueueGrain> log) : Grain, IDeliveryQueue
{
    public const long EvictAfterMs = 300_000;
    public const long EvictAfterMsUnderPressure = 10_000;
    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromSeconds(25);

    private readonly JobQueue _jobs = new();
    private string _name = "";
    private bool _exists;
    private long _createdMs;
    private long _touchedMs;
    private bool _dirty;

    public string Name => _name;

    public int Count => _jobs.Count;

    /// <summary>In use, as QSTAT and QSCAN see queues; an activation that only answered a question does not exist.</summary>
    public bool Exists => _exists;

    private PauseState Paused => saved.State.Pause;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = QueueKey.NameOf(this.GetPrimaryKeyString());
        if (Paused != PauseState.None)
            Create();
        await Rebuild();
        registry.Add(this);
        this.RegisterGrainTimer(static (queue, _) => queue.Housekeeping(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromSeconds(1),
            Period = TimeSpan.FromSeconds(1),
            Interleave = true,
        });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        registry.Remove(this);
        ExpireWaiters(long.MaxValue);
        // Counters are saved every second anyway; a silo shutting down may no longer reach its storage.
        if (_exists && _dirty && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
            await Save();
    }

    public Task<long> Length() => Task.FromResult((long)_jobs.Count);

    public Task<QueueStats?> Stat()
    {
        if (!_exists)
            return Task.FromResult<QueueStats?>(null);
        var now = clock.NowMs;
        return Task.FromResult<QueueStats?>(new QueueStats
        {
            Name = _name,
            Length = _jobs.Count,
            AgeSeconds = Math.Max(0, (now - _createdMs) / 1000),
            IdleSeconds = Math.Max(0, (now - _touchedMs) / 1000),
            Blocked = BlockedCount,
            JobsIn = saved.State.JobsIn,
            JobsOut = saved.State.JobsOut,
            Pause = Paused,
        });
    }

    public Task<QueuedJob[]> Peek(long count)
    {
        var jobs = count >= 0 ? _jobs.Oldest() : _jobs.Newest();
        return Task.FromResult(jobs.Take((int)Math.Min(Math.Abs(count), int.MaxValue)).ToArray());
    }

    public async Task<PauseState> Pause(PauseState state, bool update)
    {
        if (!update || state == Paused)
            return Paused;
        if (state != PauseState.None)
            Create();
        saved.State.Pause = state;
        await Save();
        if ((state & PauseState.Out) == 0)
            ServeWaiters();
        return state;
    }

    public Task<int> Remove(JobId[] ids)
    {
        var removed = 0;
        foreach (var id in ids)
            if (_jobs.Remove(id))
                removed++;
        return Task.FromResult(removed);
    }

    public async Task Forget()
    {
        ExpireWaiters(long.MaxValue);
        foreach (var job in _jobs.Oldest().ToList())
            _jobs.Remove(job.Id);
        _exists = false;
        _dirty = false;
        saved.State = new QueueState();
        await saved.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>The queue comes into existence, as Disque creates a queue object on first use.</summary>
    private void Create()
    {
        if (_exists)
            return;
        _exists = true;
        _createdMs = _touchedMs = clock.NowMs;
        // An existing queue stays in memory until it is evicted.
        DelayDeactivation(Timeout.InfiniteTimeSpan);
    }

    private void Touch()
    {
        Create();
        _touchedMs = clock.NowMs;
    }

    private async Task Housekeeping()
    {
        ExpireWaiters(clock.NowMs);
        if (!_exists)
            return;
        // Disque's queue GC: 300 s idle, 10 s when the silo is short of memory.
        var evictAfter = node.OutOfMemory ? EvictAfterMsUnderPressure : EvictAfterMs;
        if (_jobs.Count == 0 && BlockedCount == 0 && Paused == PauseState.None && clock.NowMs - _touchedMs >= evictAfter)
        {
            _exists = false;
            _dirty = false;
            await saved.ClearStateAsync();
            DeactivateOnIdle();
            return;
        }
        if (_dirty)
            await Save();
    }

    private async Task Save()
    {
        _dirty = false;
        try
        {
            await saved.WriteStateAsync();
        }
        catch (Exception error)
        {
            _dirty = true;
            log.LogWarning(error, "Saving queue '{Queue}' failed", _name);
        }
    }

    /// <summary>
    /// A queue grain that starts again after its silo died finds its jobs in the
    /// stores: each living store is asked, again until it answers, for the jobs of
    /// this queue it owns and holds as queued. A store whose silo dies meanwhile
    /// is skipped: its jobs are adopted by their other copies, which queue them again.
    /// </summary>
    private async Task Rebuild()
    {
        var lists = await Task.WhenAll(cluster.Alive.Select(QueuedIn));
        foreach (var job in lists.SelectMany(l => l))
            _jobs.Enqueue(job);
        if (_jobs.Count > 0)
            Create();
    }

    private async Task<QueuedJob[]> QueuedIn(SiloAddress silo)
    {
        var deadline = DateTime.UtcNow + RebuildTimeout;
        while (true)
        {
            try
            {
                return await cluster.Store(silo).QueuedIn(_name).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception error) when (cluster.IsAlive(silo) && DateTime.UtcNow < deadline)
            {
                log.LogWarning(error, "Rebuilding queue '{Queue}': {Silo} did not answer; asking again", _name, silo);
                await Task.Delay(250);
            }
            catch (Exception error)
            {
                log.LogWarning(error, "Rebuilding queue '{Queue}' without {Silo}", _name, silo);
                return [];
            }
        }
    }
}

/// <summary>What a queue keeps in grain storage: PAUSE and its counters outlive its silo.</summary>
[GenerateSerializer]
public sealed class QueueState
{
    [Id(0)] public PauseState Pause { get; set; }
    [Id(1)] public long JobsIn { get; set; }
    [Id(2)] public long JobsOut { get; set; }
}
