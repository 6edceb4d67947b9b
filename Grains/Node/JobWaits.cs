using Disque.Cluster;
using Disque.Store;
using Orleans.Runtime;

namespace Disque.Node;

/// <summary>
/// Ours (issue 21): WAITJOB, and the waits of jobs on other jobs. A job's end is seen by every store
/// holding a copy (an ACK drops every copy before it answers, each copy expires at its TTL), so the
/// wait is put to every living store at once (<see cref="IJobStore.WatchJobs"/>): each registers it
/// under the jobs it holds and answers when they all ended, or its slice of the wait ran out. The
/// first store to tell how a job ended decides it; a job no living store holds nor remembers is
/// unknown. A store that dies mid-wait fails its call: the holders left answer, and the next slice
/// asks whoever lives then. Nothing polls and no thread is held: each slice is one call per store
/// that returns when a job ends, or after <see cref="Slice"/> (below Orleans' call timeout).
/// It reaches the stores through <see cref="IStoreCluster"/> and <see cref="ILocalStore"/> only.
/// </summary>
public sealed class JobWaits(IStoreCluster cluster, ILocalStore local, DisqueClock clock, ILogger log)
{
    /// <summary>How long one call to a store may wait; a longer wait is made of several.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How each job ended, in the order given: waits until every one ended (acked, deleted, expired,
    /// dead-lettered) or is unknown, until <paramref name="timeoutMs"/> (0: without limit; negative: answers at once),
    /// or until <paramref name="cancellation"/>; the rest are pending.
    /// </summary>
    /// <remarks>With <paramref name="any"/>, it answers as soon as one of them ended (the others may still be pending).</remarks>
    public async Task<JobEnd[]> Run(JobId[] ids, long timeoutMs, CancellationToken cancellation = default, bool any = false)
    {
        var known = new Dictionary<JobId, JobEnd>();
        var pending = ids.Where(id => !id.IsEmpty).Distinct().ToArray();
        var deadline = timeoutMs == 0 ? long.MaxValue : clock.NowMs + Math.Max(0, timeoutMs);
        while (pending.Length > 0 && !cancellation.IsCancellationRequested)
        {
            var left = deadline == long.MaxValue ? long.MaxValue : deadline - clock.NowMs;
            var waitMs = (long)Math.Min(Math.Max(0, left), Slice.TotalMilliseconds);
            var (ends, failed) = await Round(pending, waitMs, any, cancellation);
            for (var i = 0; i < pending.Length; i++)
                if (ends[i] != JobEnd.Pending)
                    known[pending[i]] = ends[i];
            pending = [.. pending.Where(id => !known.ContainsKey(id))];
            if (any && known.Count > 0 || left <= 0 || deadline != long.MaxValue && clock.NowMs >= deadline)
                break;
            // A store that failed at once (dying, not yet declared dead) is not asked again in a tight loop.
            if (failed && pending.Length > 0)
                await Task.Delay(StoreCalls.RetryPause, cluster.Time);
        }
        return [.. ids.Select(id => id.IsEmpty ? JobEnd.Unknown : known.GetValueOrDefault(id, JobEnd.Pending))];
    }

    /// <summary>One slice: every living store asked at once; the answer as soon as each job is decided, or every store answered.</summary>
    private async Task<(JobEnd[] Ends, bool Failed)> Round(JobId[] ids, long waitMs, bool any, CancellationToken cancellation)
    {
        var waiter = Guid.NewGuid();
        var silos = cluster.Alive.ToArray();
        var calls = silos.Select(silo => Watch(silo, ids, waitMs, waiter, any)).ToList();
        var final = new JobEnd[ids.Length];
        var pendingSomewhere = new bool[ids.Length];
        var failed = false;
        using var stop = cancellation.Register(() => StopEverywhere(silos, waiter));
        var running = calls.ToList();
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(running);
            running.Remove(done);
            if (await done is not { } answer)
            {
                failed = true;
                Array.Fill(pendingSomewhere, true); // it may hold any of them: nothing is unknown on this round's word
                continue;
            }
            for (var i = 0; i < ids.Length; i++)
            {
                // Acked outranks deleted: FASTACK tells the other copies to go as a delete.
                if (answer[i].IsFinal() && (final[i] is JobEnd.Pending or JobEnd.Deleted))
                    final[i] = answer[i];
                pendingSomewhere[i] |= answer[i] == JobEnd.Pending;
            }
            // "Deleted" is decided only once every store answered: the job's home may yet say it was FASTACKed.
            if (any ? final.Any(Settled) : final.All(Settled))
                break;
        }
        // Unknown only on every store's word: a round that ended early (ANY, one job settled) has not
        // heard the stores still running, which may hold the others (they stay pending).
        var unheard = running.Count > 0;
        if (unheard)
            StopEverywhere(silos, waiter);
        for (var i = 0; i < ids.Length; i++)
            if (!final[i].IsFinal())
                final[i] = pendingSomewhere[i] || unheard ? JobEnd.Pending : JobEnd.Unknown;
        return (final, failed);
    }

    private static bool Settled(JobEnd end) => end.IsFinal() && end != JobEnd.Deleted;

    /// <summary>How much longer than the wait itself a store may take to answer before it counts as failed (its jobs still pending).</summary>
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(2);

    /// <summary>One store's answer, or null when it failed (logged).</summary>
    private async Task<JobEnd[]?> Watch(SiloAddress silo, JobId[] ids, long waitMs, Guid waiter, bool any)
    {
        try
        {
            var watching = silo.Equals(cluster.Self)
                ? local.Run(static (store, w) => store.WatchJobs(w.ids, w.waitMs, w.waiter, w.any), (ids, waitMs, waiter, any)).AsTask()
                : cluster.Store(silo).WatchJobs(ids, waitMs, waiter, any);
            // Bounded: a paused silo holds no wait past its own time (it counts as failed, its jobs pending).
            return await watching.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, waitMs)) + AnswerGrace, cluster.Time);
        }
        catch (Exception error)
        {
            log.Log(ClusterView.Severity(error), error, "{Silo} could not be asked how {Count} jobs ended; asking the others", silo, ids.Length);
            return null;
        }
    }

    /// <summary>Ends the slice's wait on every store (told, not waited for; a store it has not reached yet remembers the stop).</summary>
    private void StopEverywhere(SiloAddress[] silos, Guid waiter)
    {
        foreach (var silo in silos)
            _ = Stop(silo, waiter);
    }

    private async Task Stop(SiloAddress silo, Guid waiter)
    {
        try
        {
            if (silo.Equals(cluster.Self))
                await local.Run(static async (store, w) =>
                {
                    await store.StopWaiting(w);
                    return true;
                }, waiter);
            else
                await cluster.Store(silo).StopWaiting(waiter);
        }
        catch (Exception error)
        {
            log.Log(ClusterView.Severity(error), error, "Ending a wait on {Silo} failed (it ends at its timeout)", silo);
        }
    }
}
