using Disque.Cluster;

namespace Disque.Node;

/// <summary>Ours, beyond Disque: the consumer's verdicts (NACKJOB, FAILJOB) and REVIVE, carried out by each job's owner.</summary>
public sealed partial class DisqueNode
{
    /// <summary>NACKJOB or FAILJOB: the number of active jobs moved (queued again, later, or dead-lettered).</summary>
    public ValueTask<int> Verdict(JobId[] ids, JobVerdict verdict) => new(_router.ToOwners(ids, (store, batch) => store.Verdict(batch, verdict)));

    /// <summary>REVIVE: the number of dead letters put back on the queues they came from.</summary>
    public ValueTask<int> Revive(JobId[] ids) => new(_router.ToOwners(ids, static (store, batch) => store.Revive(batch)));

    /// <summary>REVIVE QUEUE: every dead letter of <paramref name="deadLetterQueue"/> back where it came from; how many.</summary>
    public async Task<int> ReviveQueue(string deadLetterQueue)
    {
        var counts = await _cluster.AskEveryStore(store => store.ReviveQueue(deadLetterQueue), 0, _log, "REVIVE QUEUE");
        return counts.Sum();
    }
}
