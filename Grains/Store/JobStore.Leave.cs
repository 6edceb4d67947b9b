using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// Leaving the cluster cleanly (CLUSTER LEAVING yes, or a silo shutting down):
/// every copy held here moves to a silo that holds none yet, so each job keeps
/// its replication level, and every other holder learns the new node list. A
/// job this silo owned is owned by the next silo of its list from then on, which
/// queues it in its own queue if it was queued here; it leaves the queue here
/// before its copies go, so no consumer here takes it meanwhile.
/// </summary>
internal sealed partial class JobStore
{
    private const int HandOffBatch = 1000;

    public async Task<int> HandOff()
    {
        var targets = cluster.ActiveOthers;
        if (targets.Count == 0)
            return 0;
        var moved = 0;
        foreach (var chunk in _jobs.All().Where(r => r.State != JobState.Acked).ToList().Chunk(HandOffBatch))
            moved += await HandOff(chunk, targets);
        log.LogInformation("Handed {Moved} jobs over to other silos", moved);
        return moved;
    }

    private async Task<int> HandOff(JobRecord[] records, IReadOnlyList<SiloAddress> targets)
    {
        var copies = new Dictionary<SiloAddress, List<JobCopy>>();
        var plans = new List<(JobRecord Record, SiloAddress[] Nodes, bool WasQueuedHere)>(records.Length);
        foreach (var record in records)
        {
            if (!IsCurrent(record))
                continue;
            var remaining = record.Nodes.Where(s => !s.Equals(Self) && cluster.IsAlive(s)).ToList();
            var newcomer = Rotate(targets).FirstOrDefault(t => !remaining.Contains(t));
            if (newcomer is not null)
                remaining.Add(newcomer);
            if (remaining.Count == 0)
                continue;
            SiloAddress[] nodes = [.. remaining];
            var wasQueuedHere = Unqueue(record);
            var copy = record.ToCopy() with { Nodes = nodes };
            foreach (var silo in nodes)
                AddTo(copies, silo, copy);
            plans.Add((record, nodes, wasQueuedHere));
        }
        var accepted = await Task.WhenAll(copies.Select(async pair => (Silo: pair.Key, Held: await TryReplicate(pair.Key, [.. pair.Value], default))));
        var refused = accepted.Where(a => !a.Held).Select(a => a.Silo).ToHashSet();
        var moved = 0;
        var now = clock.NowMs;
        foreach (var (record, nodes, wasQueuedHere) in plans)
        {
            if (nodes.Any(refused.Contains))
            {
                // Not moved: it stays here, queued again if it was.
                if (wasQueuedHere && IsCurrent(record) && record.State == JobState.Queued)
                    Enqueue(record, now);
                continue;
            }
            if (IsCurrent(record))
                Drop(record);
            else
                await ForgetElsewhere([record.Id], nodes, acked: true); // acknowledged while it moved
            moved++;
        }
        return moved;
    }

    /// <summary>Copies that now name this silo first make it the owner: queued ones are queued here.</summary>
    private Task TakeOver(List<JobRecord> owned)
    {
        var now = clock.NowMs;
        foreach (var record in owned)
            if (record.State == JobState.Queued && IsCurrent(record))
                Enqueue(record, now);
        return Task.CompletedTask;
    }
}
