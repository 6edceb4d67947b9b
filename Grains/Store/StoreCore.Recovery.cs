using Orleans.Runtime;
using Disque.Cluster;
using Disque.Journal;

namespace Disque.Store;

/// <summary>
/// Durable mode: jobs are journaled when accepted and unjournaled when done with.
/// A job in the journal that no living silo holds (the whole cluster restarted,
/// or a silo holding its only copy died) is an orphan: one silo at a time, under
/// the journal's recovery lock, takes such jobs as their owner and queues them
/// again (<see cref="Takeover.Restart"/>). A job recovered was perhaps delivered
/// before: at least once, as always; so an at-most-once job past its DELAY is
/// not queued again.
/// The journal's list of holders can be behind (a hand-off moved the copies), so a
/// job is an orphan only when every living store says it does not know it, and its
/// journal entry, read again after they answered, still names no living silo: a
/// store that takes a job over journals the new holders before the old one lets go
/// (<see cref="TakeOver"/>). A store that does not answer postpones the recovery.
/// The lock is a lease renewed as recovery goes (<see cref="RecoveryLease"/>): a recovery that
/// loses it stops before it takes another job, and is tried again later.
/// </summary>
internal sealed partial class StoreCore
{
    private const int RecoveryBatch = 1000;

    /// <summary>How often a recovery that could not ask every store is tried again.</summary>
    private const int RetryRecoveryEveryTicks = 5 * TicksPerSecond;

    /// <summary>A recovery was postponed, failed or has not ended: the tick tries it again.</summary>
    private bool _recoveryPending;

    /// <summary>How long after this store started a holder it does not know may be one that joined as it did.</summary>
    private static readonly TimeSpan UnknownHolderPatience = TimeSpan.FromMinutes(1);

    /// <summary>This recovery left jobs it could not decide on (a store did not answer, a holder not known yet).</summary>
    private bool _recoveryPostponed;

    public async Task<int> Recover()
    {
        if (!journal.IsDurable)
            return 0;
        await using var held = await journal.TryLockRecovery(RecoveryLease.Length, StoreKey, owner => cluster.IsDeclaredDead(StoreKeys.Silo(owner)));
        if (held is null)
        {
            // Another silo is recovering, or died recovering (its lock lapses): try again later all the same.
            _recoveryPending = true;
            return 0;
        }
        // Pending until it completes: a recovery that fails part way is tried again.
        _recoveryPending = true;
        _recoveryPostponed = false;
        var lease = new RecoveryLease(held, cluster.Time);
        var now = clock.NowMs;
        var recovered = 0;
        var expired = new List<JobId>();
        var batch = new List<JobCopy>(RecoveryBatch);
        await foreach (var copy in journal.ReadAll())
        {
            if (!await lease.StillHeld())
                return LostRecoveryLock(lease, recovered);
            if (!shard.Holds(copy.Id))
                continue; // another store of this silo recovers it
            if (copy.ExpireAtMs <= now)
                expired.Add(copy.Id);
            else if (!_jobs.TryGet(copy.Id, out _) && !_acked.Contains(copy.Id) && !copy.Nodes.Any(cluster.IsAlive))
                batch.Add(copy);
            if (batch.Count == RecoveryBatch)
                recovered += await TakeOrphans(batch);
        }
        if (!await lease.StillHeld())
            return LostRecoveryLock(lease, recovered);
        recovered += await TakeOrphans(batch);
        await journal.Delete(expired);
        _recoveryPending = _recoveryPostponed;
        if (recovered > 0)
            log.LogInformation("Recovered {Jobs} jobs from the journal", recovered);
        return recovered;
    }

    /// <summary>The lease lapsed or another silo holds the lock: this recovery takes no more jobs, and the tick tries again later.</summary>
    private int LostRecoveryLock(RecoveryLease lease, int recovered)
    {
        log.LogWarning("Recovery stopped: its lock was lost ({Since} since it was last renewed, a lease of {Lease}); {Recovered} jobs were recovered, it is tried again later",
            lease.SinceRenewed, RecoveryLease.Length, recovered);
        return recovered;
    }

    /// <summary>Holds the jobs no living store knows as their only copy here, journals that, and queues them when their DELAY allows.</summary>
    private async Task<int> TakeOrphans(List<JobCopy> candidates)
    {
        if (candidates.Count == 0)
            return 0;
        JobId[] ids = [.. candidates.Select(c => c.Id)];
        // The holders the journal names that this recovery takes for dead (not one that may be new and unknown yet).
        SiloAddress[] deadHolders = [.. candidates.SelectMany(c => c.Nodes).Distinct().Where(s => !cluster.IsAlive(s) && !MayBeUnknownHolder(s))];
        candidates.Clear();
        var answers = await cluster.AskEveryStore<JobId[]?>(async store => await store.Known(ids, deadHolders), null, log, "whether it holds journaled jobs");
        if (answers.Any(a => a is null))
        {
            _recoveryPostponed = true;
            log.LogWarning("Recovery postponed: a living silo did not say whether it holds {Count} journaled jobs; none is taken until every one answers", ids.Length);
            return 0;
        }
        var known = answers.SelectMany(a => a!).ToHashSet();
        JobId[] unknown = [.. ids.Where(id => !known.Contains(id))];
        var now = clock.NowMs;
        var records = new List<JobRecord>(unknown.Length);
        foreach (var copy in await journal.Read(unknown))
        {
            // Read again after the answers: a hand-off journals the new holders before the old one lets go.
            if (copy is null || copy.ExpireAtMs <= now || copy.Nodes.Any(cluster.IsAlive) || _jobs.TryGet(copy.Id, out _) || _acked.Contains(copy.Id))
                continue;
            // A holder this silo does not know and was not asked may be new (started after it), or have joined as
            // this silo did: the job waits until it is known. An older one still unknown a minute after this silo
            // started left the membership table long ago.
            if (copy.Nodes.Any(MayBeUnknownHolder))
            {
                _recoveryPostponed = true;
                continue;
            }
            var record = JobRecord.From(copy with { Nodes = _selfOnly });
            if (!Adopt(record, now, Takeover.Restart))
                continue;
            Keep(record);
            records.Add(record);
        }
        await journal.Write([.. records.Select(r => r.ToCopy())]);
        return records.Count;
    }

    private bool MayBeUnknownHolder(SiloAddress silo) =>
        !cluster.IsDeclaredDead(silo) && (silo.Generation > Self.Generation || cluster.Time.GetElapsedTime(_started) < UnknownHolderPatience);

    /// <summary>
    /// The ids of these this store holds a copy of, or knows acknowledged: recovery takes none of them. The others
    /// the recovering silo may take as their only holder: until a late message could no longer land, this store
    /// takes no copy from <paramref name="deadHolders"/> (the holders the journal names, dead to that silo) but
    /// for a job still being added, as from any dead silo.
    /// </summary>
    public Task<JobId[]> Known(JobId[] ids, SiloAddress[] deadHolders)
    {
        var until = clock.NowMs + RefuseLateCopiesMs;
        foreach (var silo in deadHolders)
            _namedDead.Raise(silo, until);
        return Task.FromResult(ids.Where(Knows).ToArray());
    }

    /// <summary>This store holds a copy of the job, or knows it acknowledged.</summary>
    public bool Knows(JobId id) => _jobs.TryGet(id, out _) || _acked.Contains(id);
}
