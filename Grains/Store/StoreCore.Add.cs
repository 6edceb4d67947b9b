using Disque.Domain;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// ADDJOB, in Disque's order: the job's terms, enough silos for its copies, MAXLEN
/// and PAUSE (this silo's part of the queue decides, as a Disque node decides for
/// its own queue); then the job is created here (its id names this silo), its
/// copies are written to REPLICATE-1 other silos, and only then is it queued.
/// A job that cannot get its copies is withdrawn everywhere it was sent.
/// Ours, beyond Disque: a job with a GROUP is made on its group's home (<see cref="GroupHome"/>),
/// forwarded there when this silo is not it, and its copies go to the next silos in the group's
/// rank, so all of a group's jobs have one owner and, should it die, one next owner.
/// </summary>
internal sealed partial class StoreCore
{
    private readonly record struct Pending(int Index, JobRecord Record, JobSpec Spec);

    public Task<Outcome<JobId>[]> Add(JobSpec[] jobs, bool forwarded) =>
        !forwarded && HasGroupElsewhere(jobs) ? AddAtGroupHomes(jobs) : AddHere(jobs, forwarded);

    private bool HasGroupElsewhere(JobSpec[] jobs)
    {
        foreach (var spec in jobs)
            if (spec.Group is not null && !GroupHomeOf(spec).Equals(Self))
                return true;
        return false;
    }

    /// <summary>The silo that makes and serves the jobs of <paramref name="spec"/>'s group: the first of the active silos in its rank.</summary>
    private SiloAddress GroupHomeOf(JobSpec spec) =>
        cluster.Active.Count == 0 ? Self : GroupHome.Rank(spec.Queue, spec.Group!, cluster.Active, SiloKey)[0];

    private static string SiloKey(SiloAddress silo) => silo.ToParsableString();

    /// <summary>
    /// Each job made on its group's home (plain jobs here). A home that does not answer refuses
    /// the job (NOREPL, to be tried again): made elsewhere it would be served by two silos at once.
    /// </summary>
    private async Task<Outcome<JobId>[]> AddAtGroupHomes(JobSpec[] jobs)
    {
        var results = new Outcome<JobId>[jobs.Length];
        var byHome = Enumerable.Range(0, jobs.Length).GroupBy(i => jobs[i].Group is null ? Self : GroupHomeOf(jobs[i]));
        await Task.WhenAll(byHome.Select(async home =>
        {
            var indices = home.ToArray();
            JobSpec[] specs = [.. indices.Select(i => jobs[i])];
            var answers = home.Key.Equals(Self) ? await AddHere(specs, forwarded: false) : await AddAtHome(home.Key, specs);
            for (var k = 0; k < indices.Length; k++)
                results[indices[k]] = answers[k];
        }));
        return results;
    }

    private async Task<Outcome<JobId>[]> AddAtHome(SiloAddress home, JobSpec[] specs)
    {
        // Within ADDJOB's own TIMEOUT when every job has one: a paused home holds no producer longer.
        var limitMs = specs.All(s => s.TimeoutMs > 0) ? specs.Max(s => s.TimeoutMs) : 0;
        try
        {
            var adding = cluster.Store(home).Add(specs, forwarded: true);
            return limitMs > 0 ? await adding.WaitAsync(TimeSpan.FromMilliseconds(limitMs), cluster.Time) : await adding;
        }
        catch (TimeoutException) when (limitMs > 0)
        {
            log.LogWarning("{Count} grouped jobs: their group's home {Home} did not answer within the ADDJOB's TIMEOUT of {Timeout} ms", specs.Length, home, limitMs);
            return Refuse(specs.Length, DisqueError.ReplicationTimeout);
        }
        catch (Exception error)
        {
            LogFailure(log, error, $"adding {specs.Length} grouped jobs on their group's home {home}");
            return Refuse(specs.Length, DisqueError.GroupHomeUnreachable);
        }
    }

    private async Task<Outcome<JobId>[]> AddHere(JobSpec[] jobs, bool forwarded)
    {
        if (!node.CanHoldCopies)
            return forwarded ? Refuse(jobs.Length, node.CannotHoldError) : await Forward(jobs);
        var now = clock.NowMs;
        var others = cluster.ActiveOthers;
        var defaultReplicate = node.DefaultReplicate > 0 ? node.DefaultReplicate : JobRules.DefaultReplicate(others.Count + 1);
        var results = new Outcome<JobId>[jobs.Length];
        var created = new List<Pending>(jobs.Length);
        bool replicateFirst = false, replicateLater = false;
        for (var i = 0; i < jobs.Length; i++)
        {
            var spec = jobs[i];
            var terms = JobRules.Resolve(spec, defaultReplicate);
            var queue = Partition(spec.Queue, now);
            if (terms.IsError)
                results[i] = terms.Error!;
            else if (terms.Value.Replicate - 1 > others.Count)
                results[i] = DisqueError.NoRepl;
            else if (spec.MaxLen > 0 && queue.SiloLength >= spec.MaxLen)
                results[i] = DisqueError.MaxLen;
            else if (queue.PausedIn)
                results[i] = DisqueError.Paused;
            else
            {
                var record = Create(spec, terms.Value, now);
                created.Add(new Pending(i, record, spec));
                replicateFirst |= record.Replicate > 1 && !spec.Async;
                replicateLater |= record.Replicate > 1 && spec.Async;
            }
        }
        if (replicateFirst)
        {
            var synchronous = created.Where(p => p.Record.Replicate > 1 && !p.Spec.Async).GroupBy(p => (p.Record.Replicate, p.Spec.TimeoutMs, PlacedBy(p.Record)));
            await Task.WhenAll(synchronous.Select(g => ReplicateBeforeReply(g.ToList(), others, results)));
            WithdrawRemoved(created, results);
        }
        // Durable mode: accepted means journaled, and nothing is delivered before that.
        if (journal.IsDurable && created.Count > 0)
        {
            await JournalBeforeAccepting(created, results);
            WithdrawRemoved(created, results);
        }
        if (replicateLater)
        {
            foreach (var group in created.Where(p => p.Record.Replicate > 1 && p.Spec.Async).GroupBy(p => (p.Record.Replicate, PlacedBy(p.Record))))
                ReplicateInBackground([.. group.Select(p => p.Record)], others);
        }
        now = clock.NowMs;
        foreach (var p in created)
        {
            Accept(p.Record, now);
            results[p.Index] = p.Record.Id;
        }
        metrics.JobsAdded(created.Count);
        return results;
    }

    /// <summary>
    /// A job gone or going while ADDJOB awaited (its TTL, a DELJOB, FLUSHALL) is answered as
    /// Disque answers it, and the copies made of it go too; jobs already refused leave the list.
    /// </summary>
    private void WithdrawRemoved(List<Pending> created, Outcome<JobId>[] results)
    {
        foreach (var p in created)
            if (results[p.Index].Error is null && (!IsCurrent(p.Record) || p.Record.State == JobState.Acked))
            {
                results[p.Index] = DisqueError.RemovedBeforeReplication;
                Withdraw(p.Record);
            }
        created.RemoveAll(p => results[p.Index].Error is not null);
    }

    /// <summary>
    /// Writes the new jobs to the journal before they can be queued. A write that fails refuses
    /// them all: their copies are withdrawn, and what the journal may have kept of them is
    /// deleted, so the producer's retry does not make a second job nor a restart bring back the first.
    /// A removal meanwhile (DELJOB, ACK) waits for the write (<see cref="JobRecord.InFlight"/>).
    /// </summary>
    private async Task JournalBeforeAccepting(List<Pending> created, Outcome<JobId>[] results)
    {
        var writing = journal.Write([.. created.Select(p => p.Record.ToCopy())]);
        foreach (var p in created)
            p.Record.Track(writing);
        try
        {
            await writing;
        }
        catch (Exception error)
        {
            log.LogError(error, "Journaling {Count} new jobs failed: ADDJOB refuses them, and their copies are withdrawn", created.Count);
            foreach (var p in created)
            {
                results[p.Index] = DisqueError.InternalError;
                Withdraw(p.Record);
            }
            _ = Quietly(journal.Delete([.. created.Select(p => p.Record.Id)]), "unjournaling jobs whose journaling failed");
            created.Clear();
        }
    }

    /// <summary>One ADDJOB, as this silo's command path posts it (<see cref="StoreScheduler"/>).</summary>
    internal async Task<Outcome<JobId>> AddOne(JobSpec job) => (await Add([job], forwarded: false))[0];

    /// <summary>
    /// Takes copies, or a new list of holders for copies it has; answers the ids it did not
    /// take: acknowledged or withdrawn here already, new to a silo that takes no new
    /// copies (leaving, out of memory; it still updates those it holds), or, from a silo
    /// declared dead, any but the copies of jobs its ADDJOB is making.
    /// </summary>
    public async Task<JobId[]> Replicate(JobCopy[] copies, SiloAddress from)
    {
        var fromDead = cluster.IsDeclaredDead(from) || _namedDead.Holds(from, clock.NowMs);
        var canHold = node.CanHoldCopies;
        List<JobId>? notTaken = null;
        List<JobRecord>? takenOver = null;
        var now = clock.NowMs;
        foreach (var copy in copies)
        {
            if (_acked.Contains(copy.Id) || _forgotten.Contains(copy.Id) || (!canHold && !_jobs.TryGet(copy.Id, out _)) || (fromDead && !IsBeingAdded(copy, from)))
            {
                (notTaken ??= []).Add(copy.Id);
                continue;
            }
            // Another holder is leaving (only the list of holders changed), or this silo owns the job
            // already (took it over, or this is the same hand-over again): the state here stands.
            if (_jobs.TryGet(copy.Id, out var known) && (!copy.FromOwner || known.Owned))
            {
                known.NameHolders(copy.Nodes);
                if (!known.Owned && IsOwner(known) && Adopt(known, now, Takeover.OwnerDied))
                    Reschedule(known);
                continue;
            }
            if (known is not null)
                Drop(known);
            var record = JobRecord.From(copy);
            record.Owned = record.Nodes[0].Equals(Self);
            Keep(record);
            // This silo's hand-off was moving the job as a holder, its first round naming it last to the other
            // holders; that move is void now (its record replaced), so they learn from here that this silo owns
            // it: else one of them would take the job over too once the old owner died (durable seed 1405).
            if (known is { Moving: true, Owned: false } && record.Owned)
                foreach (var silo in record.Nodes)
                    if (!silo.Equals(Self) && !silo.Equals(from) && !cluster.IsDeclaredDead(silo))
                        Tell(silo, store => store.Replicate([copy with { FromOwner = false }], Self), "naming this silo the owner of a job it was moving");
            if (record.Owned && copy.FromOwner && copy.State != JobState.WaitRepl)
                (takenOver ??= []).Add(record);
            // Its owner died before the copy landed: it is this silo's to queue.
            else if (!record.Owned && IsOwner(record) && Adopt(record, now, Takeover.OwnerDied))
                Reschedule(record);
        }
        if (takenOver is not null)
            await TakeOver(takenOver);
        return notTaken is null ? [] : [.. notTaken];
    }

    private JobRecord Create(JobSpec spec, JobTerms terms, long now)
    {
        var record = new JobRecord
        {
            Id = _ids.Next(spec.TtlSeconds, terms.RetrySeconds, pinned: spec.Group is not null),
            Queue = NameCache.Get(spec.Queue),
            Body = spec.Body,
            CTime = NextCTime(now),
            ExpireAtMs = JobRules.AfterSeconds(now, spec.TtlSeconds),
            TtlSeconds = spec.TtlSeconds,
            RetrySeconds = terms.RetrySeconds,
            DelaySeconds = spec.DelaySeconds,
            Replicate = terms.Replicate,
            Nodes = _selfOnly,
            State = JobState.WaitRepl,
            Owned = true,
            MadeHere = true,
            Extras = JobExtras.From(spec),
        };
        Keep(record);
        return record;
    }

    /// <summary>The copies exist: the job is queued now, or waits out its DELAY.</summary>
    private void Accept(JobRecord record, long now)
    {
        JobLifecycle.Accepted(record, now);
        Observer?.Accepted(record);
        Reschedule(record);
        if (record.State == JobState.Queued)
            Enqueue(record, now);
        else if (record.Extras?.IsWaiting == true)
            AwaitDependencies();
    }

    /// <summary>
    /// Deletes a job ADDJOB could not complete: here at once, and on every silo it was
    /// sent to (confirmed or not: a late copy is refused there) in the background, so
    /// the refusal is answered without waiting for a slow silo.
    /// </summary>
    private void Withdraw(JobRecord record)
    {
        if (IsCurrent(record))
            Drop(record);
        _ = ForgetElsewhere([record.Id], record.Nodes, acked: false);
    }

    private async Task ReplicateBeforeReply(List<Pending> group, IReadOnlyList<SiloAddress> others, Outcome<JobId>[] results)
    {
        var timeoutMs = group[0].Spec.TimeoutMs;
        using var timeout = timeoutMs > 0 ? new CancellationTokenSource(TimeSpan.FromMilliseconds(timeoutMs), cluster.Time) : null;
        var records = group.Select(p => p.Record).ToList();
        var placed = await PlaceCopies(records, group[0].Record.Replicate - 1, others, timeout?.Token ?? default);
        if (placed)
            return;
        var error = timeout?.IsCancellationRequested == true ? DisqueError.ReplicationTimeout : DisqueError.NoRepl;
        foreach (var p in group)
        {
            results[p.Index] = IsCurrent(p.Record) ? error : DisqueError.RemovedBeforeReplication;
            Withdraw(p.Record);
        }
    }

    private void ReplicateInBackground(List<JobRecord> records, IReadOnlyList<SiloAddress> others)
    {
        var task = PlaceInBackground(records, others);
        foreach (var record in records)
            record.Copying = task;
    }

    /// <summary>ASYNC: the copies are made after the reply; too few is logged (the job lives on with the copies it has).</summary>
    private async Task PlaceInBackground(List<JobRecord> records, IReadOnlyList<SiloAddress> others)
    {
        if (!await PlaceCopies(records, records[0].Replicate - 1, others, default))
            log.LogWarning("ASYNC: {Count} jobs did not get their {Replicate} copies; they live on with those that took them", records.Count, records[0].Replicate);
    }

    /// <summary>
    /// Writes the records' copies to <paramref name="extra"/> distinct other silos,
    /// taking the next candidate when one refuses or fails. The node list each copy
    /// carries is the final one: when a silo had to be replaced, the copies are sent
    /// again with the corrected list. When too few hold a copy, the records name every
    /// silo a copy was sent to, so a withdrawal reaches the late ones too. A job acked or
    /// deleted meanwhile (an ASYNC job's ACK does not wait for its copies) is sent no more copies.
    /// </summary>
    private async Task<bool> PlaceCopies(List<JobRecord> records, int extra, IReadOnlyList<SiloAddress> others, CancellationToken timeout)
    {
        var candidates = new Queue<SiloAddress>(records[0].Extras?.ServedInGroup is { } group ? GroupHome.Rank(records[0].Queue, group, others, SiloKey) : Rotate(others));
        var placed = new List<SiloAddress>(extra);
        var sentTo = new List<SiloAddress>(extra);
        var replaced = false;
        while (placed.Count < extra)
        {
            if (StillToCopy(records).Length == 0)
                return true; // acked or deleted meanwhile: nothing is left to copy
            var attempt = new List<SiloAddress>();
            while (attempt.Count < extra - placed.Count && candidates.TryDequeue(out var silo))
                attempt.Add(silo);
            if (attempt.Count < extra - placed.Count || timeout.IsCancellationRequested)
                break;
            SetNodes(records, [Self, .. placed, .. attempt]);
            sentTo.AddRange(attempt);
            var copies = StillToCopy(records); // after SetNodes: each copy carries the list as it is now
            var held = await Task.WhenAll(attempt.Select(silo => TryReplicate(silo, copies, timeout)));
            for (var i = 0; i < attempt.Count; i++)
            {
                if (held[i] is { Length: 0 })
                    placed.Add(attempt[i]);
                else
                    replaced = true;
            }
        }
        if (placed.Count < extra)
        {
            SetNodes(records, [Self, .. sentTo]);
            return false;
        }
        // A silo that refused or did not answer in time is told to drop a copy that reaches it
        // late, and, as in Disque's nodes-delivered, stays named last in the job's list: that
        // message may be lost too, and every ACK and DELJOB then still reaches it.
        var notPlaced = sentTo.Where(s => !placed.Contains(s)).ToArray();
        SetNodes(records, [Self, .. placed, .. notPlaced]);
        if (notPlaced.Length > 0)
            Tell(notPlaced, [.. records.Select(r => r.Id)]);
        if (replaced && StillToCopy(records) is { Length: > 0 } corrections)
        {
            // The copies sent first named a silo that has none: each holder learns the final list, or the ADDJOB fails.
            var corrected = await Task.WhenAll(placed.Select(silo => TryReplicate(silo, corrections, timeout)));
            if (corrected.Any(c => c is not { Length: 0 }))
            {
                SetNodes(records, [Self, .. sentTo]);
                return false;
            }
        }
        return true;
    }

    /// <summary>The copies of the records still here and not acked: once acked, a job gets no new copy.</summary>
    private JobCopy[] StillToCopy(List<JobRecord> records) =>
        [.. records.Where(r => IsCurrent(r) && r.State != JobState.Acked).Select(r => r.ToCopy())];

    /// <summary>The records' holders become <paramref name="nodes"/>, keeping any silo another silo named meanwhile (<see cref="JobRecord.NameHolders"/>).</summary>
    private static void SetNodes(List<JobRecord> records, SiloAddress[] nodes)
    {
        foreach (var record in records)
            record.NameHolders(nodes);
    }

    /// <summary>The ids <paramref name="silo"/> did not take; null when it failed or did not answer in time (it may still take them).</summary>
    private async Task<JobId[]?> TryReplicate(SiloAddress silo, JobCopy[] copies, CancellationToken timeout)
    {
        try
        {
            return await SendCopies(silo, copies).WaitAsync(timeout);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception error)
        {
            LogFailure(log, error, $"replicating to {silo}");
            return null;
        }
    }

    /// <summary>
    /// A copy of a job its sender's ADDJOB is making. The one kind a silo declared dead (cut off
    /// until now, not knowing yet) may still place: the job is new, the silos that take it
    /// own it from then on. A copy of an older job (a hand-off) may be one the others took
    /// over and acked meanwhile, and would bring it back.
    /// </summary>
    private static bool IsBeingAdded(JobCopy copy, SiloAddress from) => copy.State == JobState.WaitRepl && copy.Nodes[0].Equals(from);

    /// <summary>This silo takes no new copies (leaving, out of memory): another silo makes the jobs.</summary>
    private async Task<Outcome<JobId>[]> Forward(JobSpec[] jobs)
    {
        foreach (var silo in Rotate(cluster.ActiveOthers))
        {
            try
            {
                var results = await cluster.Store(silo).Add(jobs, forwarded: true);
                if (!results.All(r => r.Error is { Code: "NOREPL" } e && (e == DisqueError.NoReplLeaving || e == DisqueError.NoReplOutOfMemory)))
                {
                    // Too few copies elsewhere: the reason is that this silo could not hold one (Disque's long NOREPL).
                    return [.. results.Select(r => r.Error == DisqueError.NoRepl ? new Outcome<JobId>(default, node.CannotHoldError) : r)];
                }
            }
            catch (Exception error)
            {
                LogFailure(log, error, $"forwarding new jobs to {silo}");
            }
        }
        return Refuse(jobs.Length, node.CannotHoldError);
    }

    /// <summary>What decides where a job's copies go: its queue and group (the group's rank), or null (anywhere).</summary>
    private static (string Queue, string Group)? PlacedBy(JobRecord record) =>
        record.Extras?.ServedInGroup is { } group ? (record.Queue, group) : null;

    private static Outcome<JobId>[] Refuse(int count, DisqueError error) => Enumerable.Repeat<Outcome<JobId>>(error, count).ToArray();

    /// <summary>The candidates starting at a moving offset, so copies spread over the cluster.</summary>
    private IEnumerable<SiloAddress> Rotate(IReadOnlyList<SiloAddress> silos)
    {
        if (silos.Count == 0)
            yield break;
        var start = (int)((uint)Interlocked.Increment(ref _rotation) % (uint)silos.Count);
        for (var i = 0; i < silos.Count; i++)
            yield return silos[(start + i) % silos.Count];
    }
}
