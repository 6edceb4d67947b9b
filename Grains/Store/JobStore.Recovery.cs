using Disque.Journal;

namespace Disque.Store;

/// <summary>
/// Durable mode: jobs are journaled when accepted and unjournaled when done with.
/// A job in the journal that no living silo holds (the whole cluster restarted,
/// or a silo holding its only copy died) is an orphan: one silo at a time, under
/// the journal's recovery lock, takes such jobs as their owner and queues them
/// again. A job recovered was perhaps delivered before: at least once, as always.
/// </summary>
internal sealed partial class JobStore
{
    private const int RecoveryBatch = 1000;
    private static readonly TimeSpan RecoveryLock = TimeSpan.FromMinutes(2);

    public async Task<int> Recover()
    {
        if (!journal.IsDurable)
            return 0;
        await using var held = await journal.TryLockRecovery(RecoveryLock);
        if (held is null)
            return 0; // another silo is recovering; it will see these jobs too
        var now = clock.NowMs;
        var recovered = 0;
        var expired = new List<JobId>();
        var batch = new List<JobCopy>(RecoveryBatch);
        await foreach (var copy in journal.ReadAll())
        {
            if (copy.ExpireAtMs <= now)
                expired.Add(copy.Id);
            else if (!_jobs.TryGet(copy.Id, out _) && !copy.Nodes.Any(cluster.IsAlive))
                batch.Add(copy);
            if (batch.Count == RecoveryBatch)
                recovered += await Adopt(batch, now);
        }
        recovered += await Adopt(batch, now);
        await journal.Delete(expired);
        if (recovered > 0)
            log.LogInformation("Recovered {Jobs} jobs from the journal", recovered);
        return recovered;
    }

    /// <summary>Holds the orphans as their only copy here, journals that, and queues them.</summary>
    private async Task<int> Adopt(List<JobCopy> orphans, long now)
    {
        if (orphans.Count == 0)
            return 0;
        var records = orphans.Select(copy =>
        {
            var record = JobRecord.From(copy with { Nodes = _selfOnly });
            record.Adopt();
            record.QueueAtMs = Math.Max(now, Domain.JobRules.AfterSeconds(record.CTimeMs, record.DelaySeconds));
            Keep(record);
            return record;
        }).ToList();
        await journal.Write([.. records.Select(r => r.ToCopy())]);
        orphans.Clear();
        return records.Count;
    }
}
