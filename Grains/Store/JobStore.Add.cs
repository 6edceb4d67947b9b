using Disque.Domain;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// ADDJOB: a job is created here (its id names this silo), its copies are
/// written to REPLICATE-1 other silos, and only then is it offered to its queue,
/// which may still refuse it (PAUSE, MAXLEN); a refused job is deleted again.
/// </summary>
internal sealed partial class JobStore
{
    private readonly record struct Pending(int Index, JobRecord Record, JobSpec Spec);

    private const int QueueAttempts = 4;
    private static readonly TimeSpan QueueRetryDelay = TimeSpan.FromMilliseconds(750);

    public async Task<Outcome<JobId>[]> Add(JobSpec[] jobs, bool forwarded)
    {
        if (!node.CanHoldCopies)
            return forwarded ? Refuse(jobs.Length, node.CannotHoldError) : await Forward(jobs);
        var now = clock.NowMs;
        var others = OtherActiveSilos();
        var defaultReplicate = node.DefaultReplicate > 0 ? node.DefaultReplicate : JobRules.DefaultReplicate(others.Count + 1);
        var results = new Outcome<JobId>[jobs.Length];
        var created = new List<Pending>(jobs.Length);
        bool replicateFirst = false, replicateLater = false;
        for (var i = 0; i < jobs.Length; i++)
        {
            var terms = JobRules.Resolve(jobs[i], defaultReplicate);
            if (terms.IsError)
                results[i] = terms.Error!;
            else if (terms.Value.Replicate - 1 > others.Count)
                results[i] = DisqueError.NoRepl;
            else
            {
                var record = Create(jobs[i], terms.Value, now);
                created.Add(new Pending(i, record, jobs[i]));
                replicateFirst |= record.Replicate > 1 && !jobs[i].Async;
                replicateLater |= record.Replicate > 1 && jobs[i].Async;
            }
        }
        if (replicateFirst)
        {
            var synchronous = created.Where(p => p.Record.Replicate > 1 && !p.Spec.Async).GroupBy(p => (p.Record.Replicate, p.Spec.TimeoutMs));
            await Task.WhenAll(synchronous.Select(g => ReplicateBeforeReply(g.ToList(), others, results)));
            created.RemoveAll(p => results[p.Index].Error is not null || !IsCurrent(p.Record));
        }
        await Admit(created, results, now);
        if (replicateLater)
        {
            foreach (var group in created.Where(p => p.Record.Replicate > 1 && p.Spec.Async && IsCurrent(p.Record)).GroupBy(p => p.Record.Replicate))
                ReplicateInBackground([.. group.Select(p => p.Record)], others);
        }
        var added = new List<JobRecord>(created.Count);
        foreach (var p in created)
        {
            if (results[p.Index].Error is not null)
                continue;
            results[p.Index] = p.Record.Id;
            added.Add(p.Record);
        }
        // Durable mode: accepted means journaled.
        if (journal.IsDurable)
            await journal.Write([.. added.Select(r => r.ToCopy())]);
        metrics.JobsAdded(added.Count);
        return results;
    }

    public async Task<bool> Replicate(JobCopy[] copies)
    {
        if (!node.CanHoldCopies)
            return false;
        List<JobRecord>? takenOver = null;
        foreach (var copy in copies)
        {
            if (_acked.Contains(copy.Id))
                continue;
            if (_jobs.TryGet(copy.Id, out var known) && !copy.FromOwner)
            {
                // Another holder is leaving: only the list of holders changed.
                known.Nodes = copy.Nodes;
                if (!known.Owned && known.Nodes[0].Equals(Self))
                    (takenOver ??= []).Add(Adopt(known, clock.NowMs));
                continue;
            }
            if (known is not null)
                Drop(known);
            var record = JobRecord.From(copy);
            record.Owned = record.Nodes[0].Equals(Self);
            Keep(record);
            if (record.Owned && copy.FromOwner && copy.State != JobState.WaitRepl)
                (takenOver ??= []).Add(record);
        }
        if (takenOver is not null)
            await TakeOver(takenOver);
        return true;
    }

    private JobRecord Create(JobSpec spec, JobTerms terms, long now)
    {
        var record = new JobRecord
        {
            Id = _ids.Next(spec.TtlSeconds, terms.RetrySeconds),
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
        };
        Keep(record);
        return record;
    }

    /// <summary>Offers the jobs to their queues; a job its queue refuses is deleted with its copies.</summary>
    private Task Admit(List<Pending> jobs, Outcome<JobId>[] results, long now)
    {
        if (jobs.Count == 0)
            return Task.CompletedTask;
        foreach (var p in jobs)
            MarkQueuedForTheFirstTime(p.Record, now);
        // Most batches hold one queue's jobs (queue names are shared strings): one offer, no grouping.
        var queue = jobs[0].Record.Queue;
        if (jobs.TrueForAll(p => ReferenceEquals(p.Record.Queue, queue)))
            return Offer(queue, jobs, results);
        return Task.WhenAll(jobs.GroupBy(p => p.Record.Queue).Select(g => Offer(g.Key, g.ToList(), results)));
    }

    /// <summary>
    /// Offers new jobs to their queue, trying again while the queue's silo fails
    /// over. A job acknowledged or delivered meanwhile is not offered again, so a
    /// retry never brings back a job a consumer already has.
    /// </summary>
    private async Task Offer(string queue, List<Pending> batch, Outcome<JobId>[] results)
    {
        foreach (var p in batch)
            p.Record.Admitting = true;
        try
        {
            for (var attempt = 1; batch.Count > 0; attempt++)
            {
                DisqueError?[]? refusals;
                try
                {
                    refusals = await queueRefs[queue].Add([.. batch.Select(p => new NewJob(p.Record.ToQueued(Self), p.Spec.MaxLen, p.Record.DelaySeconds > 0))]);
                }
                catch (Exception error)
                {
                    LogFailure(log, error, $"queueing new jobs in '{queue}' (attempt {attempt})");
                    if (attempt == QueueAttempts)
                    {
                        foreach (var p in batch)
                            await Refuse(p, DisqueError.InternalError, results);
                        return;
                    }
                    await Task.Delay(QueueRetryDelay);
                    batch.RemoveAll(p => !IsCurrent(p.Record) || p.Record.Delivered);
                    continue;
                }
                for (var i = 0; refusals is not null && i < batch.Count; i++)
                    if (refusals[i] is { } refusal)
                        await Refuse(batch[i], refusal, results);
                return;
            }
        }
        finally
        {
            foreach (var p in batch)
                p.Record.Admitting = false;
        }
    }

    private async Task Refuse(Pending job, DisqueError refusal, Outcome<JobId>[] results)
    {
        results[job.Index] = refusal;
        await Withdraw(job.Record);
    }

    /// <summary>Before the queue sees the job: queued now, or active until its DELAY ends.</summary>
    private void MarkQueuedForTheFirstTime(JobRecord record, long now)
    {
        if (record.DelaySeconds > 0)
        {
            record.State = JobState.Active;
            record.QueueAtMs = JobRules.AfterSeconds(now, record.DelaySeconds);
        }
        else
        {
            record.State = JobState.Queued;
            record.WasQueued = true;
            record.QueueAtMs = NextRetry(record, now);
        }
        Reschedule(record);
    }

    private static long NextRetry(JobRecord record, long now) => record.RetrySeconds > 0 ? JobRules.AfterSeconds(now, record.RetrySeconds) : 0;

    /// <summary>Deletes a job ADDJOB could not complete, here and on the silos that got a copy.</summary>
    private async Task Withdraw(JobRecord record)
    {
        if (IsCurrent(record))
            Drop(record);
        // A queue that failed to answer may have queued it all the same.
        await Task.WhenAll(ForgetElsewhere([record.Id], record.Nodes, acked: false), RemoveFromQueue(record.Queue, [record.Id]));
    }

    private async Task ReplicateBeforeReply(List<Pending> group, IReadOnlyList<SiloAddress> others, Outcome<JobId>[] results)
    {
        var timeoutMs = group[0].Spec.TimeoutMs;
        using var timeout = timeoutMs > 0 ? new CancellationTokenSource(TimeSpan.FromMilliseconds(timeoutMs)) : null;
        var records = group.Select(p => p.Record).ToList();
        var placed = await PlaceCopies(records, group[0].Record.Replicate - 1, others, timeout?.Token ?? default);
        if (placed)
            return;
        var error = timeout?.IsCancellationRequested == true ? DisqueError.ReplicationTimeout : DisqueError.NoRepl;
        foreach (var p in group)
        {
            results[p.Index] = IsCurrent(p.Record) ? error : DisqueError.RemovedBeforeReplication;
            await Withdraw(p.Record);
        }
    }

    private void ReplicateInBackground(List<JobRecord> records, IReadOnlyList<SiloAddress> others)
    {
        var task = PlaceCopies(records, records[0].Replicate - 1, others, default);
        foreach (var record in records)
            record.Track(task);
    }

    /// <summary>
    /// Writes the records' copies to <paramref name="extra"/> distinct other silos,
    /// taking the next candidate when one refuses or fails. The node list each copy
    /// carries is the final one: when a silo had to be replaced, the copies are sent
    /// again with the corrected list.
    /// </summary>
    private async Task<bool> PlaceCopies(List<JobRecord> records, int extra, IReadOnlyList<SiloAddress> others, CancellationToken timeout)
    {
        var candidates = new Queue<SiloAddress>(Rotate(others));
        var placed = new List<SiloAddress>(extra);
        var replaced = false;
        while (placed.Count < extra)
        {
            var attempt = new List<SiloAddress>();
            while (attempt.Count < extra - placed.Count && candidates.TryDequeue(out var silo))
                attempt.Add(silo);
            if (attempt.Count < extra - placed.Count || timeout.IsCancellationRequested)
                break;
            SetNodes(records, [Self, .. placed, .. attempt]);
            var copies = records.Select(r => r.ToCopy()).ToArray();
            var held = await Task.WhenAll(attempt.Select(silo => TryReplicate(silo, copies, timeout)));
            for (var i = 0; i < attempt.Count; i++)
            {
                if (held[i])
                    placed.Add(attempt[i]);
                else
                    replaced = true;
            }
        }
        SetNodes(records, [Self, .. placed]);
        if (placed.Count < extra)
            return false;
        if (replaced)
        {
            var copies = records.Select(r => r.ToCopy()).ToArray();
            await Task.WhenAll(placed.Select(silo => TryReplicate(silo, copies, default)));
        }
        return true;
    }

    private static void SetNodes(List<JobRecord> records, SiloAddress[] nodes)
    {
        foreach (var record in records)
            record.Nodes = nodes;
    }

    private async Task<bool> TryReplicate(SiloAddress silo, JobCopy[] copies, CancellationToken timeout)
    {
        try
        {
            return await cluster.Store(silo).Replicate(copies).WaitAsync(timeout);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogFailure(log, error, $"replicating to {silo}");
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>This silo takes no new copies (leaving, out of memory): another silo makes the jobs.</summary>
    private async Task<Outcome<JobId>[]> Forward(JobSpec[] jobs)
    {
        foreach (var silo in Rotate(OtherActiveSilos()))
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

    private static Outcome<JobId>[] Refuse(int count, DisqueError error) => Enumerable.Repeat<Outcome<JobId>>(error, count).ToArray();

    private List<SiloAddress> OtherActiveSilos() => cluster.Active.Where(s => !s.Equals(Self)).ToList();

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
