using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// ACKJOB, DELJOB, FASTACK: the job leaves its queue here at once, then every other
/// silo in its node list drops its copy (taking it out of its own queue, should it
/// own the job now) before the call returns, so an acknowledged job can never be
/// queued again by a surviving copy. An ASYNC job's copies still being made are not
/// waited for: every silo sent one is named in its list already, so it is told too, and a
/// copy that reaches it after that word is refused there (its tombstone); none is sent
/// once the job is acked (<see cref="JobRecord.Copying"/>). A journal write still on
/// its way is waited for (<see cref="JobRecord.InFlight"/>).
/// Ids this silo does not know are asked of every other silo. An ACK for a job no
/// silo knows leaves a dummy ack behind (Disque's rule: only in a cluster, only for
/// at-least-once ids), which refuses a copy that arrives late. FASTACK is Disque's
/// best effort: it answers once the job left this store and its queue.
/// </summary>
internal sealed partial class StoreCore
{
    public async Task<int> Ack(JobId[] ids, bool relayed) => (await Remove(ids, relayed, acked: true)).Count;

    public async Task<int> Delete(JobId[] ids, bool relayed) => (await Remove(ids, relayed, acked: false)).Count;

    public Task<List<JobId>> Relayed(JobId[] ids, bool acked) => Remove(ids, relayed: true, acked);

    public async Task<int> Forget(JobId[] ids, bool acked)
    {
        var found = new List<JobRecord>(ids.Length);
        var now = clock.NowMs;
        foreach (var id in ids)
        {
            if (_jobs.TryGet(id, out var record))
            {
                // Gone from the queue at once: no consumer gets it while its copies go.
                Unqueue(record);
                JobLifecycle.Acked(record);
                found.Add(record);
                _forgotten.Add(id, now, RefuseLateCopiesMs, acked ? JobEnd.Acked : JobEnd.Deleted);
            }
            else if (acked)
                _acked.Add(id, now);
            else
                _forgotten.Add(id, now, RefuseLateCopiesMs); // withdrawn: no ack to remember, only a late copy to refuse
        }
        await Settled(found);
        foreach (var record in found)
            if (IsCurrent(record))
            {
                Drop(record);
                Ended(record, acked ? JobEnd.Acked : JobEnd.Deleted);
            }
        return found.Count;
    }

    /// <summary>
    /// A job ends here: a job with copies (REPLICATE above 1, or other silos named) refuses their late copies for a
    /// while (and says how it ended); one only this silo ever held (made here, never handed back: a job handed over
    /// from another silo may have a repeated copy of that hand-off still on its way, policies durable seed 3296) has
    /// no copy on its way here, and only how it ended is kept, bounded (<see cref="RecentEnds"/>).
    /// </summary>
    private void Remember(JobRecord record, long now, JobEnd end)
    {
        if (record.Replicate > 1 || !record.MadeHere || Array.Exists(record.Nodes, silo => !silo.Equals(Self)))
            _forgotten.Add(record.Id, now, RefuseLateCopiesMs, end);
        else
            _ended.Add(record.Id, end);
    }

    /// <summary>Acks or deletes the jobs here and everywhere; the ids counted: known (here, or by another silo when not here) and not already being removed.</summary>
    private async Task<List<JobId>> Remove(JobId[] ids, bool relayed, bool acked)
    {
        if (_stall.Holds)
            await _stall.Passed();
        var found = new List<JobRecord>(ids.Length);
        List<JobId>? unknown = null;
        var counted = new List<JobId>(ids.Length);
        foreach (var id in ids.Length > 1 ? ids.Distinct() : ids)
        {
            if (!_jobs.TryGet(id, out var record))
            {
                (unknown ??= []).Add(id);
                continue;
            }
            // From here on nothing hands it out or queues it again, even if the rest fails and the ack is asked again.
            Unqueue(record);
            // A job another ACK or delete is already removing counts once, for that one.
            if (JobLifecycle.Acked(record))
                counted.Add(id);
            found.Add(record);
            Remember(record, clock.NowMs, acked ? JobEnd.Acked : JobEnd.Deleted);
        }
        if (found.Count > 0)
        {
            // A journal write still on its way lands before the delete; ASYNC copies are not waited for.
            await Settled(found);
            if (OtherHolders(found) is { } fromSilos)
                await Task.WhenAll(fromSilos.Select(s => Forget(s.Key, [.. s.Value], acked)));
            if (journal.IsDurable)
                await journal.Delete([.. found.Select(r => r.Id)]);
            // Every other copy and the journal entry are gone: the ack is complete.
            foreach (var record in found)
                if (IsCurrent(record))
                {
                    Drop(record);
                    Ended(record, acked ? JobEnd.Acked : JobEnd.Deleted);
                }
            // The store stood still while the ACK waited (paused mid-way): it answers only once it knows it
            // was not declared dead meanwhile, when another silo may have taken the job back from the journal.
            if (_stall.Holds)
                await _stall.Passed();
        }
        if (acked)
            metrics.JobsAcked(counted.Count);
        if (unknown is not null && !relayed)
            counted.AddRange(await AskTheOthers([.. unknown], acked));
        return counted;
    }

    public async Task<int> FastAck(JobId[] ids)
    {
        if (_stall.Holds)
            await _stall.Passed();
        var known = new List<JobRecord>(ids.Length);
        List<JobId>? unknown = null;
        foreach (var id in ids.Length > 1 ? ids.Distinct() : ids)
        {
            if (!_jobs.TryGet(id, out var record))
                (unknown ??= []).Add(id);
            else if (JobLifecycle.Acked(record))
            {
                Unqueue(record);
                known.Add(record);
                Remember(record, clock.NowMs, JobEnd.Acked);
            }
        }
        // A journal write still on its way lands first; then the job is gone here.
        await Settled(known);
        var fromSilos = OtherHolders(known);
        foreach (var record in known)
            if (IsCurrent(record))
            {
                Drop(record);
                Ended(record, JobEnd.Acked);
            }
        // Told, not waited for: a silo that is slow or dead does not hold the answer up.
        foreach (var (silo, held) in fromSilos ?? [])
            Tell(silo, store => store.Forget([.. held], acked: false), "dropping fast-acked copies");
        if (unknown is not null)
            foreach (var silo in cluster.Alive)
                if (!silo.Equals(Self))
                    Tell(silo, store => store.Relayed([.. unknown], acked: false), "deleting fast-acked jobs known elsewhere");
        if (known.Count > 0 && journal.IsDurable)
            _ = Quietly(journal.Delete([.. known.Select(r => r.Id)]), "unjournaling fast-acked jobs");
        return known.Count;
    }

    /// <summary>
    /// Ids unknown here may be held elsewhere (a silo that was out of memory, a failover);
    /// the ids some other silo knew, each once however many copies there were.
    /// </summary>
    private async Task<IEnumerable<JobId>> AskTheOthers(JobId[] ids, bool acked)
    {
        var others = cluster.Alive.Where(s => !s.Equals(Self)).ToList();
        if (acked && others.Count > 0 && !node.Leaving)
        {
            var now = clock.NowMs;
            foreach (var id in ids.Where(id => !id.IsAtMostOnce))
                _acked.Add(id, now);
        }
        // A silo declared dead took whatever copies it held with it.
        var known = await Task.WhenAll(others.Select(silo => cluster.UntilAnsweredOrDead(
            silo,
            store => store.Relayed(ids, acked),
            static () => Task.FromResult(new List<JobId>()))));
        return known.SelectMany(k => k).Distinct();
    }

    /// <summary>Best effort: drops copies elsewhere, logging what fails (a withdrawn ADDJOB, a hand-over race).</summary>
    private async Task ForgetElsewhere(JobId[] ids, SiloAddress[] nodes, bool acked)
    {
        try
        {
            await Task.WhenAll(nodes.Where(s => !s.Equals(Self)).Select(s => Forget(s, ids, acked)));
        }
        catch (Exception error)
        {
            LogFailure(log, error, "dropping copies elsewhere");
        }
    }

    /// <summary>Drops the copies another silo holds: returns once it confirmed or was declared dead.</summary>
    private Task Forget(SiloAddress silo, JobId[] ids, bool acked) =>
        cluster.UntilAnsweredOrDead(silo, _ => SendForgets(silo, ids, acked), static () => Task.FromResult(0));

    /// <summary>The other silos holding copies of these jobs, each with the ids it holds; null when there are none.</summary>
    private Dictionary<SiloAddress, List<JobId>>? OtherHolders(List<JobRecord> records)
    {
        Dictionary<SiloAddress, List<JobId>>? holders = null;
        foreach (var record in records)
            foreach (var silo in record.Nodes)
                if (!silo.Equals(Self))
                    AddTo(holders ??= [], silo, record.Id);
        return holders;
    }

    private static void AddTo<TKey, T>(Dictionary<TKey, List<T>> groups, TKey key, T item) where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var list))
            groups[key] = list = [];
        list.Add(item);
    }
}
