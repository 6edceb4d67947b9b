using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// ACKJOB, FASTACK, DELJOB: the job leaves its queue and every silo in its node
/// list before the call returns, so an acknowledged job can never be queued again
/// by a surviving copy. The order matters: first the other copies, each waiting
/// for a requeue of its own still on its way to the queue, then the queue itself;
/// so whatever a copy sent the queue has arrived before the queue drops the job.
/// Ids this silo does not know are asked of every other silo. An ACK for a job
/// no silo knows leaves a dummy ack behind (Disque's rule: only in a cluster, only
/// for at-least-once ids), which refuses a copy that arrives late.
/// </summary>
internal sealed partial class JobStore
{
    public Task<int> Ack(JobId[] ids, bool relayed) => Remove(ids, relayed, acked: true);

    public Task<int> Delete(JobId[] ids, bool relayed) => Remove(ids, relayed, acked: false);

    public async Task<int> Forget(JobId[] ids, bool acked)
    {
        var found = new List<JobRecord>(ids.Length);
        foreach (var id in ids)
            if (_jobs.TryGet(id, out var record))
                found.Add(record);
        var now = clock.NowMs;
        foreach (var id in ids)
            if (!_jobs.TryGet(id, out _))
                _acked.Add(id, now);
        await Settled(found);
        foreach (var record in found)
            if (IsCurrent(record))
                Drop(record);
        return found.Count;
    }

    private async Task<int> Remove(JobId[] ids, bool relayed, bool acked)
    {
        var found = new List<JobRecord>(ids.Length);
        List<JobId>? unknown = null;
        foreach (var id in ids.Length > 1 ? ids.Distinct() : ids)
        {
            if (_jobs.TryGet(id, out var record))
                found.Add(record);
            else
                (unknown ??= []).Add(id);
        }
        // ASYNC copies still on their way must land before they are told to go, and our own requeues reach the queue first.
        await Settled(found);

        var counted = 0;
        var fromQueues = new Dictionary<string, List<JobId>>();
        var fromSilos = new Dictionary<SiloAddress, List<JobId>>();
        var acknowledged = new List<JobRecord>(found.Count);
        foreach (var record in found)
        {
            if (!IsCurrent(record))
                continue;
            // A job another ACK or delete is already removing counts once, for that one.
            if (record.State != JobState.Acked)
                counted++;
            // The owner knows whether its job may sit in the queue; another copy asks the queue anyway.
            if (!record.Owned || record.MaybeQueued)
                AddTo(fromQueues, record.Queue, record.Id);
            foreach (var silo in record.Nodes)
                if (!silo.Equals(Self))
                    AddTo(fromSilos, silo, record.Id);
            // From here on nothing queues it again, even if the rest fails and the ack is asked again.
            record.State = JobState.Acked;
            acknowledged.Add(record);
        }
        await Task.WhenAll(fromSilos.Select(s => Forget(s.Key, [.. s.Value], acked)));
        await Task.WhenAll(fromQueues.Select(q => RemoveFromQueue(q.Key, [.. q.Value], mustSucceed: true)));
        await journal.Delete([.. acknowledged.Select(r => r.Id)]);
        // Every other copy, the queue entry and the journal entry are gone: the ack is complete.
        foreach (var record in acknowledged)
            if (IsCurrent(record))
                Drop(record);
        if (acked)
            metrics.JobsAcked(counted);
        if (unknown is not null && !relayed)
            counted += await AskTheOthers([.. unknown], acked);
        return counted;
    }

    public async Task<int> FastAck(JobId[] ids)
    {
        var found = new List<JobRecord>(ids.Length);
        List<JobId>? unknown = null;
        foreach (var id in ids.Length > 1 ? ids.Distinct() : ids)
        {
            if (_jobs.TryGet(id, out var record) && record.State != JobState.Acked)
                found.Add(record);
            else if (record is null)
                (unknown ??= []).Add(id);
        }
        // A requeue of our own still on its way must reach the queue before the queue drops the job.
        await Settled(found);
        var fromQueues = new Dictionary<string, List<JobId>>();
        var fromSilos = new Dictionary<SiloAddress, List<JobId>>();
        var known = new List<JobId>(found.Count);
        foreach (var record in found)
        {
            if (!IsCurrent(record) || record.State == JobState.Acked)
                continue;
            if (!record.Owned || record.MaybeQueued)
                AddTo(fromQueues, record.Queue, record.Id);
            foreach (var silo in record.Nodes)
                if (!silo.Equals(Self))
                    AddTo(fromSilos, silo, record.Id);
            Drop(record);
            known.Add(record.Id);
        }
        // Told, not waited for: a silo that is slow or dead does not hold the answer up.
        foreach (var (silo, held) in fromSilos)
            Tell(silo, store => store.Forget([.. held], acked: false), "dropping fast-acked copies");
        if (unknown is not null)
            foreach (var silo in cluster.Alive)
                if (!silo.Equals(Self))
                    Tell(silo, store => store.Delete([.. unknown], relayed: true), "deleting fast-acked jobs known elsewhere");
        if (known.Count > 0)
            _ = Quietly(journal.Delete(known), "unjournaling fast-acked jobs");
        await Task.WhenAll(fromQueues.Select(q => RemoveFromQueue(q.Key, [.. q.Value])));
        return known.Count;
    }

    /// <summary>One call to another silo's store that nobody waits for; a failure is logged.</summary>
    private void Tell(SiloAddress silo, Func<IJobStore, Task> call, string what) => _ = Quietly(call(cluster.Store(silo)), $"{what} on {silo}");

    private async Task Quietly(Task call, string what)
    {
        try
        {
            await call;
        }
        catch (Exception error)
        {
            LogFailure(log, error, what);
        }
    }

    /// <summary>Ids unknown here may be held elsewhere (a silo that was out of memory, a failover).</summary>
    private async Task<int> AskTheOthers(JobId[] ids, bool acked)
    {
        var others = cluster.Alive.Where(s => !s.Equals(Self)).ToList();
        if (acked && others.Count > 0 && !node.Leaving)
        {
            var now = clock.NowMs;
            foreach (var id in ids.Where(id => !id.IsAtMostOnce))
                _acked.Add(id, now);
        }
        // A silo declared dead took whatever copies it held with it.
        var counts = await Task.WhenAll(others.Select(silo => cluster.UntilAnsweredOrDead(
            silo,
            store => acked ? store.Ack(ids, relayed: true) : store.Delete(ids, relayed: true),
            static () => Task.FromResult(0))));
        return counts.Sum();
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
        cluster.UntilAnsweredOrDead(silo, store => store.Forget(ids, acked), static () => Task.FromResult(0));

    /// <summary>
    /// Takes jobs out of their queue. When <paramref name="mustSucceed"/>, a queue on a
    /// crashed silo is waited for until it lives again elsewhere, and any other failure
    /// fails the caller (an ACK is then asked again); otherwise a failure is only
    /// logged: a queue grain that is gone is rebuilt from the stores.
    /// </summary>
    private async Task<int> RemoveFromQueue(string queue, JobId[] ids, bool mustSucceed = false)
    {
        try
        {
            return mustSucceed
                ? await cluster.UntilAnswered(() => queueRefs[queue].Remove(ids))
                : await queueRefs[queue].Remove(ids);
        }
        catch (Exception error) when (!mustSucceed)
        {
            LogFailure(log, error, $"removing jobs from '{queue}'");
            return 0;
        }
    }

    private static void AddTo<TKey, T>(Dictionary<TKey, List<T>> groups, TKey key, T item) where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var list))
            groups[key] = list = [];
        list.Add(item);
    }
}
