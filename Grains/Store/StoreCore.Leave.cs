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
internal sealed partial class StoreCore
{
    private const int HandOffBatch = 1000;

    /// <summary>How long a hand-off waits for the ADDJOBs still replicating their jobs (they answer for them) before a last pass.</summary>
    private static readonly TimeSpan SettleBeforeLastPass = TimeSpan.FromSeconds(5);

    private Task<int>? _handingOff;

    /// <summary>
    /// One hand-off at a time: CLUSTER LEAVING and a shutdown that follow each other share it. It
    /// ends within <paramref name="within"/> (<see cref="HandOffBudget"/>); what it could not move stays here.
    /// </summary>
    public Task<int> HandOff(TimeSpan within) =>
        _handingOff is { IsCompleted: false } running ? running : _handingOff = HandOffAll(new HandOffBudget(cluster.Time, within));

    private async Task<int> HandOffAll(HandOffBudget budget)
    {
        var targets = cluster.ActiveOthers;
        if (targets.Count == 0)
            return 0;
        var moved = await HandOffPass(targets, budget);
        // Jobs ADDJOB was still copying stayed: once it is done with them, they go too.
        var settling = cluster.Time.GetTimestamp();
        while (_jobs.All().Any(Unsettled) && cluster.Time.GetElapsedTime(settling) < SettleBeforeLastPass && !budget.IsSpent)
            await Task.Delay(TickPeriod, cluster.Time);
        moved += await HandOffPass(targets, budget);
        var stayed = _jobs.All().Count(r => r.State != JobState.Acked);
        if (stayed > 0 || budget.Silent.Count > 0)
            log.LogWarning("Handed {Moved} jobs over to other silos in {Spent} (of {Within}); {Stayed} could not be moved and stay here; silos that did not answer in time: {Silent}",
                moved, budget.Spent, budget.Within, stayed, string.Join(", ", budget.Silent));
        else
            log.LogInformation("Handed {Moved} jobs over to other silos in {Spent}", moved, budget.Spent);
        return moved;
    }

    /// <summary>
    /// A job this silo's ADDJOB is still placing copies of: ADDJOB answers for it, a hand-off
    /// leaves it. (A copy from another silo keeps the WaitRepl state it was sent in: it moves.)
    /// </summary>
    private static bool Unsettled(JobRecord record) =>
        (record.Owned && record.State == JobState.WaitRepl) || record.InFlight is { IsCompleted: false } || record.Copying is { IsCompleted: false };

    private async Task<int> HandOffPass(IReadOnlyList<SiloAddress> targets, HandOffBudget budget)
    {
        var moved = 0;
        foreach (var chunk in _jobs.All().Where(r => r.State != JobState.Acked && !Unsettled(r)).ToList().Chunk(HandOffBatch))
        {
            if (budget.IsSpent)
                break;
            moved += await HandOff(chunk, [.. targets.Where(budget.Answers)], budget);
        }
        return moved;
    }

    /// <param name="SelfFirst">This silo named itself first in the copies of the first round (it owns the job, or is to), else last.</param>
    private sealed record Move(JobRecord Record, SiloAddress[] Before, SiloAddress[] Nodes, bool SelfFirst)
    {
        /// <summary>The silos of the new list that held the job already.</summary>
        public IEnumerable<SiloAddress> Holders => Nodes.Where(Before.Contains);

        /// <summary>The silos of the new list that are to get a copy.</summary>
        public IEnumerable<SiloAddress> Newcomers => Nodes.Where(s => !Before.Contains(s));
    }

    /// <summary>
    /// Two rounds. First each holder-to-be gets the copy with this silo still named: first
    /// when it owns the job (its owner while it moves, queueing it nowhere (Moving), so no
    /// other silo queues or delivers it yet), last when it does not; so an ACK anywhere
    /// reaches every holder, this one included. Within that round the silos that hold the
    /// job already learn of the newcomer before the newcomer gets its copy. Once
    /// all have answered, each job's final list goes to its holders (<see cref="Settle"/>).
    /// A job a silent silo holds is not moved (that silo's list could not learn of a newcomer).
    /// </summary>
    private async Task<int> HandOff(JobRecord[] records, IReadOnlyList<SiloAddress> targets, HandOffBudget budget)
    {
        // A store that stood still may have been declared dead, its jobs taken over by others that have not told
        // it yet: it moves none until its hold ends (policies durable seed 9: a silo declared dead as it left
        // handed a job it owned to a silo that had not heard, as another recovered it from the journal).
        if (!await _stall.Passed(() => budget.IsSpent))
            return 0;
        var moves = new List<(Move Move, JobCopy Copy)>(records.Length);
        foreach (var record in records)
        {
            if (!IsCurrent(record) || record.State == JobState.Acked || Unsettled(record) || !budget.MayMove(record.Id))
                continue;
            var remaining = record.Nodes.Where(s => !s.Equals(Self) && !cluster.IsDeclaredDead(s)).ToList();
            if (!remaining.All(budget.Answers))
                continue;
            var newcomer = Rotate(targets).FirstOrDefault(t => !remaining.Contains(t));
            if (newcomer is not null)
                remaining.Add(newcomer);
            if (remaining.Count == 0)
                continue;
            SiloAddress[] nodes = [.. remaining];
            // Its owner: it owns the job, or is to (the owner named before it died, and the tick has not
            // adopted it yet). Not named first then, it would leave a newcomer first, which would take
            // itself for the owner of a copy that does not carry the owner's state, and keep it so.
            var owner = record.Owned || IsOwner(record);
            Unqueue(record);
            JobLifecycle.MoveStarted(record);
            var move = new Move(record, record.Nodes, nodes, owner);
            // Named here where the copies name it, so this silo and the holders agree on who owns the job
            // should its owner die meanwhile (durable seed 82: both took it over).
            SiloAddress[] widened = [.. record.Nodes.Union(nodes).Where(s => !s.Equals(Self))];
            record.Nodes = owner ? [Self, .. widened] : [.. widened, Self];
            // This silo stays in the list while the job moves (first when it owns it, last when it does not),
            // so an ACK anywhere still reaches its copy here, which could otherwise outlive the ACK.
            moves.Add((move, record.ToCopy() with { Nodes = owner ? [Self, .. nodes] : [.. nodes, Self], FromOwner = false }));
        }
        // The holders learn the newcomer first; only then does the newcomer get its copy, so an ACK
        // never misses a copy: until a holder knows of it, the newcomer holds none.
        var holders = await ReplicateAll(Group(moves, static m => m.Move.Holders), budget);
        // A job acked meanwhile (here, or refused by a holder that dropped it) gets no newcomer.
        var told = moves.Where(m => IsCurrent(m.Move.Record) && m.Move.Record.State != JobState.Acked
            && m.Move.Holders.All(s => holders[s] is { } notTaken && Array.IndexOf(notTaken, m.Move.Record.Id) < 0)).ToList();
        var newcomers = await ReplicateAll(Group(told, static m => m.Move.Newcomers), budget);
        var settles = new List<Settling>(moves.Count);
        foreach (var (move, _) in moves)
        {
            var id = move.Record.Id;
            var added = move.Newcomers.ToArray();
            // Only a move whose holders all learnt of the newcomer sent it a copy: a newcomer that answered for
            // other jobs did not take this one (durable seed 941: it was told to drop the job, which it owned by
            // another silo's hand-off since).
            var sent = told.Any(t => t.Move == move);
            // A newcomer that did not answer may have taken the copy, its answer lost: it is not told to drop it
            // (it may hold the job by another silo's hand-off since, even own it), it stays named so an ACK
            // reaches it, and the job stays here for the rest of the hand-off (moved elsewhere, two could own it).
            SiloAddress[] unanswered = sent ? [.. added.Where(s => newcomers.TryGetValue(s, out var answer) && answer is null)] : [];
            if (unanswered.Length > 0)
                budget.MayBeHeldBySilent(id);
            var took = sent ? added.Where(s => newcomers.GetValueOrDefault(s) is { } notTaken && Array.IndexOf(notTaken, id) < 0).ToArray() : [];
            // Moved when every holder learnt of the newcomer and the newcomer took it, or none was needed (the
            // other holders keep it); else it stays here as it was.
            var goes = sent && (added.Length == 0 || took.Length > 0);
            if (!goes)
                Tell(took, [id]);
            settles.Add(new Settling(move, [.. added.Where(s => !(goes && took.Contains(s)) && !unanswered.Contains(s))], Away: goes));
        }
        // Paused between the rounds, it may have been declared dead meanwhile: its second round waits as the first.
        await _stall.Passed(() => budget.IsSpent);
        return await Settle(settles, budget);
    }

    /// <summary>A job's move decided: the newcomers that hold no copy after all, and whether it leaves this silo.</summary>
    private sealed record Settling(Move Move, SiloAddress[] Refused, bool Away)
    {
        /// <summary>
        /// The holders but this silo, read from the record now: another silo's hand-off may have
        /// changed its list while this one moved it, and that change must not be undone. Silos
        /// declared dead come last (a list only grows, so it may still name them): the first is
        /// the job's owner once it moves, and a dead one would leave it to whichever silo reads
        /// the list, with no journaling of its new holders.
        /// </summary>
        public SiloAddress[] Others(SiloAddress self, Func<SiloAddress, bool> isDead) =>
            [.. Kept().Where(s => !s.Equals(self)).OrderBy(isDead)];

        /// <summary>The record's list as it is now, less the newcomers that took nothing.</summary>
        public SiloAddress[] Kept() => [.. Move.Record.Nodes.Where(s => !Refused.Contains(s))];

        /// <summary>
        /// The list of a job that stays: this silo where the first round named it (first or last), so
        /// every holder agrees on who owns the job should its owner die (durable seed 82: a holder told
        /// this silo came last took the job over as this silo did, which its own list named before it).
        /// First all the same when it took the job over since: the owner's list names it first (durable
        /// seed 853 with two stores on a silo: named last, a holder's list put another silo first, which
        /// took itself for the owner as this one was).
        /// </summary>
        public SiloAddress[] Staying(SiloAddress self)
        {
            var others = Kept().Where(s => !s.Equals(self));
            return Move.SelfFirst || Move.Record.Owned ? [self, .. others] : [.. others, self];
        }
    }

    /// <summary>
    /// The second round: every holder learns the job's final list. A job that moves away
    /// carries the owner's state as it is now, and the first silo of its list takes it over
    /// (queues it if it was queued); this silo drops it once that silo has it. A job that
    /// stays is queued here again as it was. Acknowledged or deleted meanwhile: that
    /// removal reached every silo of the widened list, and there is nothing to settle.
    /// </summary>
    private async Task<int> Settle(List<Settling> settles, HandOffBudget budget)
    {
        var copies = new Dictionary<SiloAddress, List<JobCopy>>();
        // The silo each moving job's copy names first: its owner from now on, whose answer decides.
        var heirs = new Dictionary<JobId, SiloAddress>();
        foreach (var settle in settles)
        {
            var record = settle.Move.Record;
            if (!IsCurrent(record) || record.State == JobState.Acked)
                continue;
            var others = settle.Others(Self, cluster.IsDeclaredDead);
            // Moving away, this silo is still named last: until it has dropped its copy (once the others
            // answered), an ACK must reach it; once it is gone, membership says so and the ACK passes it by.
            SiloAddress[] nodes = settle.Away ? [.. others, Self] : settle.Staying(Self);
            if (settle.Away && others.Length > 0)
                heirs[record.Id] = others[0];
            var copy = record.ToCopy() with { Nodes = nodes, FromOwner = settle.Away && record.Owned };
            // Staying, it is told to the silos that hold it (a newcomer that refused holds nothing). A silo
            // declared dead gets nothing: every ACK passes it by, so nothing it did with a copy could be undone.
            foreach (var silo in others)
                if (!cluster.IsDeclaredDead(silo))
                    AddTo(copies, silo, copy);
        }
        var answers = await ReplicateAll(copies, budget);
        var moved = 0;
        Dictionary<SiloAddress, List<JobId>>? left = null;
        foreach (var settle in settles)
        {
            var record = settle.Move.Record;
            JobLifecycle.MoveEnded(record);
            if (!IsCurrent(record) || record.State == JobState.Acked)
                continue;
            var others = settle.Others(Self, cluster.IsDeclaredDead);
            var heir = heirs.GetValueOrDefault(record.Id);
            if (settle.Away && (!record.Owned || heir is not null && answers.GetValueOrDefault(heir) is { } notTaken && Array.IndexOf(notTaken, record.Id) < 0))
            {
                Drop(record);
                TellWatches(record.Id, JobEnd.Unknown); // a wait here asks again where the job went
                moved++;
                foreach (var silo in others)
                    AddTo(left ??= [], silo, record.Id);
                continue;
            }
            if (settle.Away && record.Owned && heir is not null && answers.GetValueOrDefault(heir) is null)
            {
                StayAsHolder(record, heir, others);
                continue;
            }
            if (settle.Away)
            {
                // Its new owner refused it (or there is none): it stays here, this silo first.
                log.LogWarning("Job {Id}: {Silo} did not take it over; it stays here", record.Id, heir);
                record.Nodes = [Self, .. others];
            }
            else
                record.Nodes = settle.Staying(Self);
            if (record.Owned && record.State == JobState.Queued)
                Enqueue(record, clock.NowMs);
        }
        // Its copies gone from here, this silo is no longer named among their holders.
        foreach (var (silo, ids) in left ?? [])
            Tell(silo, store => store.Left([.. ids], Self), "saying this silo dropped the copies it moved");
        return moved;
    }

    /// <summary>
    /// The job's new owner did not answer: it may have taken the job over and handed it out, only its
    /// answer lost (durable seed 2563: this silo then queued an at-most-once job it had delivered).
    /// This silo keeps its copy as a holder, that silo named first, and sends it the owner's copy again
    /// (one that landed already changes nothing there). Should that silo be declared dead, this one
    /// takes the job over as from any dead owner: not queued again before RETRY, an at-most-once job never.
    /// </summary>
    private void StayAsHolder(JobRecord record, SiloAddress heir, SiloAddress[] others)
    {
        log.LogWarning("Job {Id}: {Silo} did not answer whether it took it over; it owns it, this silo keeps a copy", record.Id, heir);
        record.Nodes = [heir, .. others.Where(s => !s.Equals(heir)), Self];
        var copy = record.ToCopy() with { FromOwner = true };
        record.Owned = false;
        Tell(heir, store => store.Replicate([copy], Self), "handing a job over again");
        if (IsOwner(record))
            Adopt(record, clock.NowMs, Takeover.OwnerDied);
        Reschedule(record);
    }

    /// <summary>The moves' copies by silo: each silo <paramref name="to"/> names gets the move's copy.</summary>
    private static Dictionary<SiloAddress, List<JobCopy>> Group(List<(Move Move, JobCopy Copy)> moves, Func<(Move Move, JobCopy Copy), IEnumerable<SiloAddress>> to)
    {
        var copies = new Dictionary<SiloAddress, List<JobCopy>>();
        foreach (var move in moves)
            foreach (var silo in to(move))
                AddTo(copies, silo, move.Copy);
        return copies;
    }

    public Task Left(JobId[] ids, SiloAddress silo)
    {
        foreach (var id in ids)
            if (_jobs.TryGet(id, out var record) && Array.IndexOf(record.Nodes, silo) >= 0)
                record.Nodes = [.. record.Nodes.Where(s => !s.Equals(silo))];
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends each silo its copies in one call, waiting for each within the round's bound; its answer
    /// is the ids it did not take, or null when it did not answer in time (it goes silent, and may
    /// still take them late: what is not moved is withdrawn from it).
    /// </summary>
    private async Task<Dictionary<SiloAddress, JobId[]?>> ReplicateAll(Dictionary<SiloAddress, List<JobCopy>> copies, HandOffBudget budget)
    {
        var bound = budget.NextRound;
        using var timeout = new CancellationTokenSource(bound, cluster.Time);
        var answers = await Task.WhenAll(copies.Select(async pair => (Silo: pair.Key, NotTaken: await TryReplicate(pair.Key, [.. pair.Value], timeout.Token))));
        foreach (var (silo, notTaken) in answers)
            if (notTaken is null && budget.WentSilent(silo))
                log.LogWarning("Hand-off: {Silo} did not take {Count} copies within {Bound} ({Spent} of {Within} spent); it is sent no more, the jobs it holds stay, the others go to another silo",
                    silo, copies[silo].Count, bound, budget.Spent, budget.Within);
        return answers.ToDictionary(a => a.Silo, a => a.NotTaken);
    }

    /// <summary>Silos that did not take these jobs' copies drop them, should they reach them late: one message a silo.</summary>
    private void Tell(SiloAddress[] silos, JobId[] ids)
    {
        foreach (var silo in silos)
            Tell(silo, store => store.Forget(ids, acked: false), "withdrawing copies it did not take");
    }

    /// <summary>
    /// Copies that now name this silo first make it the owner: in durable mode the journal
    /// learns the new holders first (before the silo handing them over lets go, which keeps
    /// recovery from taking them as orphans), as an update that leaves a deleted entry deleted;
    /// then queued ones are queued here.
    /// </summary>
    private async Task TakeOver(List<JobRecord> owned)
    {
        try
        {
            // An update, not a write: a copy that lands after the job's ACK deleted its entry (a silo
            // declared dead meanwhile, which that ACK passed by, running on) must not bring it back.
            if (journal.IsDurable)
                await journal.Update([.. owned.Select(r => r.ToCopy())]);
        }
        catch (Exception error)
        {
            // The jobs are this silo's all the same; recovery asks the living stores before it takes any.
            log.LogWarning(error, "Journaling the new holders of {Count} jobs taken over failed: the journal names their old holders", owned.Count);
        }
        finally
        {
            var now = clock.NowMs;
            foreach (var record in owned)
                if (record.State == JobState.Queued && IsCurrent(record))
                    Enqueue(record, now);
                else if (IsCurrent(record))
                    HoldInGroup(record, now);
        }
    }
}
