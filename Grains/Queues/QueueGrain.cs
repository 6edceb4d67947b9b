using Disque.Cluster;
using Disque.Domain;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Disque.Queues;

/// <summary>
/// One named queue as the cluster sees it. Its jobs live in the stores of the silos
/// that own them, each silo's part of the queue (Disque's per-node queue); this grain
/// keeps what must outlive a silo and adds the parts up:
/// - its PAUSE state, persisted, versioned, recorded with the cluster's paused
///   queues (<see cref="PausedQueues"/>) and told to every store that answers in time
///   before PAUSE answers (one that does not reads it again within 10 s), so a store
///   decides ADDJOB and GETJOB on its own;
/// - QSTAT's counters, which each store reports as totals since it started: kept
///   per store, the larger of what was reported and what the store says now, so a
///   report repeated or overtaken does no harm, and a dead silo's totals stay;
/// - QLEN, QSTAT and QPEEK, asked of every living store.
/// The queue exists (QSTAT is not null) while some silo has a part of it, or it is paused.
/// </summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 2)]
internal sealed class QueueGrain(
    ClusterView cluster,
    DisqueClock clock,
    [PersistentState("queue", DisqueStorage.Name)] IPersistentState<QueueState> saved,
    ILogger<QueueGrain> log) : Grain, IQueueState
{
    private string _name = "";
    private bool _dirty;

    private PauseState Paused => saved.State.Pause;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = QueueKey.NameOf(this.GetPrimaryKeyString());
        this.RegisterGrainTimer(static (queue, _) => queue.SaveIfChanged(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromSeconds(1),
            Period = TimeSpan.FromSeconds(1),
            Interleave = true,
        });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A silo shutting down may no longer reach its storage; the counters are saved every second anyway.
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
            await SaveIfChanged();
    }

    public async Task<PauseState> Pause(PauseState state, bool update)
    {
        // PAUSE of a queue that is not paused, to no PAUSE, changes nothing and makes no queue.
        if (!update || (state == Paused && state == PauseState.None))
            return Paused;
        if (state == Paused)
        {
            // The same state may still be being saved by another PAUSE: told only once it is.
            await Settled(_saving);
            if (state != Paused)
                return Paused;
        }
        // Taken before any await: a PAUSE that overlaps this one cannot lend it its version.
        var version = saved.State.PauseVersion;
        if (state != Paused)
        {
            var (before, beforeVersion) = (Paused, version);
            saved.State.Pause = state;
            saved.State.PauseVersion = version = NextPauseVersion();
            try
            {
                await Save(orFail: true);
            }
            catch when (saved.State.PauseVersion == version)
            {
                // Not saved, so not told: the queue stays as it was, and PAUSE answers the error.
                (saved.State.Pause, saved.State.PauseVersion) = (before, beforeVersion);
                throw;
            }
        }
        // Told again even when unchanged, so a PAUSE repeated repairs a store that missed it.
        await Record(new PausedQueue(_name, state, version));
        await EveryStore(store => store.SetPause(_name, state, version), "telling the PAUSE state");
        return state;
    }

    /// <summary>
    /// Versions grow with every change and across the queue being forgotten and made
    /// again (time in ms at least), so a store never keeps an old state over a new one.
    /// </summary>
    private long NextPauseVersion() => Math.Max(saved.State.PauseVersion + 1, clock.NowMs);

    /// <summary>Recorded before the stores hear it: a store that starts meanwhile, or reads again, finds it there.</summary>
    private Task Record(PausedQueue queue) =>
        cluster.UntilAnswered(async () =>
        {
            await GrainFactory.GetGrain<IPausedQueues>(PausedQueues.Key).Set(queue);
            return true;
        });

    public Task Counted(string store, long jobsIn, long jobsOut)
    {
        var counters = saved.State.Counters;
        var known = counters.GetValueOrDefault(store);
        if (jobsIn > known.In || jobsOut > known.Out)
        {
            counters[store] = (Math.Max(jobsIn, known.In), Math.Max(jobsOut, known.Out));
            _dirty = true;
        }
        return Task.CompletedTask;
    }

    public async Task Forget()
    {
        if (Paused != PauseState.None)
            await Record(new PausedQueue(_name, PauseState.None, NextPauseVersion()));
        _dirty = false;
        saved.State = new QueueState();
        await Clear();
        DeactivateOnIdle();
    }

    public async Task Evicted(string store)
    {
        // Its totals stay in QSTAT's counts, folded in with those of dead silos.
        Retire(store);
        RetireDeadStores();
        // Disque's queue GC: the last part gone and no PAUSE to keep, the queue is forgotten, counters and all.
        if (saved.State.Counters.Count == 0 && Paused == PauseState.None)
        {
            _dirty = false;
            await Clear();
            DeactivateOnIdle();
        }
    }

    public async Task<long> Length() => (await Parts()).Sum(p => p.Length);

    public async Task<QueueStats?> Stat()
    {
        var parts = await Parts();
        if (parts.Length == 0 && Paused == PauseState.None)
            return null;
        var now = clock.NowMs;
        foreach (var share in parts.SelectMany(p => p.Shares ?? [new QueueShare(p.Store, p.JobsIn, p.JobsOut)]))
            await Counted(share.Store, share.JobsIn, share.JobsOut);
        RetireDeadStores();
        var totals = saved.State.Counters.Values.Aggregate(saved.State.Retired, (sum, c) => (sum.In + c.In, sum.Out + c.Out));
        var created = parts.Length == 0 ? now : parts.Min(p => p.CreatedMs);
        var touched = parts.Length == 0 ? now : parts.Max(p => p.TouchedMs);
        return new QueueStats
        {
            Name = _name,
            Length = parts.Sum(p => p.Length),
            AgeSeconds = Math.Max(0, (now - created) / 1000),
            IdleSeconds = Math.Max(0, (now - touched) / 1000),
            Blocked = parts.Sum(p => p.Blocked),
            JobsIn = totals.In,
            JobsOut = totals.Out,
            Pause = Paused,
            Groups = Groups(parts),
        };
    }

    public async Task<QueuedJob[]> Peek(long count)
    {
        if (count == 0)
            return [];
        var lists = await EveryStore(store => store.Peek(_name, count), "peeking", []);
        var merged = lists.SelectMany(l => l);
        merged = count > 0 ? merged.OrderBy(j => j.CTime).ThenBy(j => j.Id) : merged.OrderByDescending(j => j.CTime).ThenByDescending(j => j.Id);
        var take = count == long.MinValue ? int.MaxValue : (int)Math.Min(Math.Abs(count), int.MaxValue);
        return [.. merged.Take(take)];
    }

    /// <summary>The queue's groups over every silo (a group lives on one silo but while its home moves), by name.</summary>
    private static QueueGroup[] Groups(QueuePart[] parts) =>
        [.. parts.SelectMany(p => p.Groups ?? []).GroupBy(g => g.Name)
            .Select(g => new QueueGroup(g.Key, g.Sum(x => x.Waiting), g.Sum(x => x.Active), g.Max(x => x.Limit)))
            .OrderBy(g => g.Name, StringComparer.Ordinal)];

    /// <summary>Every living silo's part of this queue.</summary>
    private async Task<QueuePart[]> Parts()
    {
        var parts = await EveryStore(store => store.QueuePart(_name), "reading its part of the queue", null);
        return [.. parts.Where(p => p is not null).Select(p => p!)];
    }

    /// <summary>The totals of stores whose silo is dead stay, folded into one.</summary>
    private void RetireDeadStores()
    {
        foreach (var store in saved.State.Counters.Keys.ToList())
        {
            if (!cluster.IsAlive(StoreKeys.Silo(store)))
                Retire(store);
        }
    }

    private void Retire(string store)
    {
        if (!saved.State.Counters.Remove(store, out var c))
            return;
        saved.State.Retired = (saved.State.Retired.In + c.In, saved.State.Retired.Out + c.Out);
        _dirty = true;
    }

    private Task EveryStore(Func<IJobStore, Task> call, string what) =>
        EveryStore(async store =>
        {
            await call(store);
            return true;
        }, what, false);

    /// <summary>Asks every living store; one that cannot be reached, is slow or fails answers <paramref name="fallback"/> (its jobs are another's to queue, or it reads again).</summary>
    private Task<T[]> EveryStore<T>(Func<IJobStore, Task<T>> call, string what, T fallback) =>
        cluster.AskEveryStore(call, fallback, log, $"queue '{_name}': {what}");

    private Task SaveIfChanged() => _dirty ? Save() : Task.CompletedTask;

    /// <summary>Writes the state; a failure is logged and tried again next second, or, <paramref name="orFail"/>, the caller's error too.</summary>
    private Task _saving = Task.CompletedTask;

    /// <summary>One write at a time (the grain is reentrant, the storage checks its ETag): each waits for the one before.</summary>
    private Task Save(bool orFail = false) => _saving = SaveAfter(_saving, orFail);

    /// <summary>Clears the stored state, after any write still under way.</summary>
    private Task Clear() => _saving = ClearAfter(_saving);

    private async Task ClearAfter(Task previous)
    {
        await Settled(previous);
        await saved.ClearStateAsync();
    }

    /// <summary>Waits for a write, whatever its outcome (its caller heard of a failure).</summary>
    private static Task Settled(Task write) => write.ContinueWith(static _ => { }, TaskScheduler.Current);

    private async Task SaveAfter(Task previous, bool orFail)
    {
        await Settled(previous);
        _dirty = false;
        try
        {
            await saved.WriteStateAsync();
        }
        catch (Exception error)
        {
            _dirty = true;
            log.LogWarning(error, "Saving queue '{Queue}' failed", _name);
            if (orFail)
                throw;
        }
    }
}

/// <summary>What a queue keeps in grain storage: its PAUSE state and counters outlive any silo.</summary>
[GenerateSerializer]
public sealed class QueueState
{
    [Id(0)] public PauseState Pause { get; set; }

    /// <summary>Grows with every change of <see cref="Pause"/>, so a store keeps the newest state it heard.</summary>
    [Id(1)] public long PauseVersion { get; set; }

    /// <summary>Each store's jobs in and out since it started, as it last reported them.</summary>
    [Id(2)] public Dictionary<string, (long In, long Out)> Counters { get; set; } = [];

    /// <summary>The totals of stores whose silo is gone.</summary>
    [Id(3)] public (long In, long Out) Retired { get; set; }
}
