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

    /// <summary>How long a hand-off waits for the ADDJOBs still replicating their jobs (they answer for them) before a last pass.</summary>
    private static readonly TimeSpan SettleBeforeLastPass = TimeSpan.FromSeconds(5);

    private Task<int>? _handingOff;

    /// <summary>One hand-off at a time: CLUSTER LEAVING and a shutdown that follow each other share it.</summary>
    public Task<int> HandOff() => _handingOff is { IsCompleted: false } running ? running : _handingOff = HandOffAll();

    private async Task<int> HandOffAll()
    {
        var targets = cluster.ActiveOthers;
        if (targets.Count == 0)
            return 0;
        var moved = await HandOffPass(targets);
        // Jobs ADDJOB was still copying stayed: once it is done with them, they go too.
        var started = TimeProvider.System.GetTimestamp();
        while (_jobs.All().Any(Unsettled) && TimeProvider.System.GetElapsedTime(started) < SettleBeforeLastPass)
            await Task.Delay(100);
        moved += await HandOffPass(targets);
        var stayed = _jobs.All().Count(r => r.State != JobState.Acked);
        if (stayed > 0)
            log.LogWarning("Handed {Moved} jobs over to other silos; {Stayed} could not be moved and stay here", moved, stayed);
        else
            log.LogInformation("Handed {Moved} jobs over to other silos", moved);
        return moved;
    }

    /// <summary>
    /// A job this silo's ADDJOB is still placing copies of: ADDJOB answers for it, a hand-off
    /// leaves it. (A copy from another silo keeps the WaitRepl state it was sent in: it moves.)
    /// </summary>
    private static bool Unsettled(JobRecord record) => (record.Owned && record.State == JobState.WaitRepl) || record.InFlight is { IsCompleted: false };

    private async Task<int> HandOffPass(IReadOnlyList<SiloAddress> targets)
    {
        var moved = 0;
        foreach (var chunk in _jobs.All().Where(r => r.State != JobState.Acked && !Unsettled(r)).ToList().Chunk(HandOffBatch))
            moved += await HandOff(chunk, targets);
        return moved;
    }

    private sealed record Move(JobRecord Record, SiloAddress[] Before, SiloAddress[] Nodes, bool WasQueuedHere);

    private async Task<int> HandOff(JobRecord[] records, IReadOnlyList<SiloAddress> targets)
    {
        var copies = new Dictionary<SiloAddress, List<JobCopy>>();
        var moves = new List<Move>(records.Length);
        foreach (var record in records)
        {
            if (!IsCurrent(record) || record.State == JobState.Acked || Unsettled(record))
                continue;
            var remaining = record.Nodes.Where(s => !s.Equals(Self) && cluster.IsAlive(s)).ToList();
            var newcomer = Rotate(targets).FirstOrDefault(t => !remaining.Contains(t));
            if (newcomer is not null)
                remaining.Add(newcomer);
            if (remaining.Count == 0)
                continue;
            SiloAddress[] nodes = [.. remaining];
            var move = new Move(record, record.Nodes, nodes, Unqueue(record));
            // While it moves this silo stays its owner, and an ACK meanwhile reaches the newcomer too.
            record.Nodes = [.. record.Nodes.Union(nodes)];
            var copy = record.ToCopy() with { Nodes = nodes };
            foreach (var silo in nodes)
                AddTo(copies, silo, copy);
            moves.Add(move);
        }
        var answers = await Task.WhenAll(copies.Select(async pair => (Silo: pair.Key, Held: await TryReplicate(pair.Key, [.. pair.Value], default))));
        var refused = answers.Where(a => !a.Held).Select(a => a.Silo).ToHashSet();
        var moved = 0;
        foreach (var move in moves)
        {
            var record = move.Record;
            // Acknowledged or deleted while it moved: that removal reached every silo of the widened list.
            if (!IsCurrent(record) || record.State == JobState.Acked)
                continue;
            if (!move.Nodes.Any(refused.Contains))
            {
                Drop(record);
                moved++;
                continue;
            }
            // A silo that refused, or did not answer, drops whatever it may still take in, and tombstones it.
            var didNot = move.Nodes.Where(refused.Contains).ToArray();
            Tell(didNot, record.Id);
            SiloAddress[] held = [.. move.Nodes.Where(s => !refused.Contains(s))];
            if (held.Length == 0)
            {
                // Moved nowhere: it stays here as it was.
                record.Nodes = [.. move.Before.Where(s => !didNot.Contains(s))];
                if (move.WasQueuedHere && record.State == JobState.Queued)
                    Enqueue(record, clock.NowMs);
                continue;
            }
            // Moved to some: they are told the list of those that hold it, and the first of them owns it.
            var repaired = record.ToCopy() with { Nodes = held, FromOwner = false };
            await Task.WhenAll(held.Select(silo => TryReplicate(silo, [repaired], default)));
            Drop(record);
            moved++;
        }
        return moved;
    }

    /// <summary>Silos that did not take a job's copy drop it, should it reach them late.</summary>
    private void Tell(SiloAddress[] silos, JobId id)
    {
        foreach (var silo in silos)
            Tell(silo, store => store.Forget([id], acked: false), "withdrawing a copy it did not take");
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
