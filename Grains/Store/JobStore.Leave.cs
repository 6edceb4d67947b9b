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

    private sealed record Move(JobRecord Record, SiloAddress[] Before, SiloAddress[] Nodes);

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
            Unqueue(record);
            var move = new Move(record, record.Nodes, nodes);
            // While it moves this silo stays its owner but queues it nowhere, and an ACK meanwhile reaches the newcomer too.
            record.Moving = true;
            record.Nodes = [.. record.Nodes.Union(nodes)];
            var copy = record.ToCopy() with { Nodes = nodes };
            foreach (var silo in nodes)
                AddTo(copies, silo, copy);
            moves.Add(move);
        }
        var answers = await Task.WhenAll(copies.Select(async pair => (Silo: pair.Key, Held: await TryReplicate(pair.Key, [.. pair.Value], default))));
        var refused = answers.Where(a => !a.Held).Select(a => a.Silo).ToHashSet();
        var moved = 0;
        var repairs = new List<(Move Move, SiloAddress[] Final)>();
        foreach (var move in moves)
        {
            var record = move.Record;
            // Acknowledged or deleted while it moved: that removal reached every silo of the widened list.
            if (!IsCurrent(record) || record.State == JobState.Acked)
                continue;
            if (!move.Nodes.Any(refused.Contains))
            {
                record.Moving = false;
                Drop(record);
                moved++;
                continue;
            }
            // A newcomer that refused, or did not answer, drops whatever may still reach it. A silo
            // that held a copy before keeps it (a full silo still updates the copies it has).
            var newcomersRefused = move.Nodes.Where(s => refused.Contains(s) && !move.Before.Contains(s)).ToArray();
            Tell(newcomersRefused, record.Id);
            SiloAddress[] held = [.. move.Nodes.Where(s => !newcomersRefused.Contains(s))];
            // Moved when a newcomer took it: those that hold it get the final list. Else it stays here as it was.
            repairs.Add((move, held.Any(s => !move.Before.Contains(s)) ? held : move.Before));
        }
        return moved + await Repair(repairs);
    }

    /// <summary>
    /// After a partial refusal, every holder learns the job's final list (batched per silo),
    /// and its first silo owns it. A job moved away is dropped here once all of them know;
    /// one that stays, or whose holders could not all be told, is queued here again as it was.
    /// </summary>
    private async Task<int> Repair(List<(Move Move, SiloAddress[] Final)> repairs)
    {
        if (repairs.Count == 0)
            return 0;
        var copies = new Dictionary<SiloAddress, List<JobCopy>>();
        foreach (var (move, final) in repairs)
        {
            var copy = move.Record.ToCopy() with { Nodes = final };
            foreach (var silo in final)
                if (!silo.Equals(Self))
                    AddTo(copies, silo, copy);
        }
        var answers = await Task.WhenAll(copies.Select(async pair => (Silo: pair.Key, Held: await TryReplicate(pair.Key, [.. pair.Value], default))));
        var failed = answers.Where(a => !a.Held).Select(a => a.Silo).ToHashSet();
        var moved = 0;
        foreach (var (move, final) in repairs)
        {
            var record = move.Record;
            record.Moving = false;
            if (!IsCurrent(record) || record.State == JobState.Acked)
                continue;
            var away = !final.Contains(Self);
            if (away && !final.Any(failed.Contains))
            {
                Drop(record);
                moved++;
                continue;
            }
            if (away)
                log.LogWarning("Job {Id} could not be handed over whole ({Silos} did not take its list): it stays here", record.Id, string.Join(", ", final.Where(failed.Contains)));
            // Stays as it was. Should the owner's copy stay after a failed repair, it stays the owner
            // (first), and a holder told otherwise may queue the job too: at least once allows it.
            record.Nodes = !away ? final : record.Owned ? [Self, .. final] : [.. move.Before.Union(final)];
            if (record.Owned && record.State == JobState.Queued)
                Enqueue(record, clock.NowMs);
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
