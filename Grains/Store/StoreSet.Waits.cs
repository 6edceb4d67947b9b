namespace Disque.Store;

/// <summary>
/// The set's waits. A blocked GETJOB waits on every store at once, under one waiter id: the first
/// store to answer with jobs (or with null, FLUSHALL) wins, the others are told to stop waiting,
/// and jobs a second store handed out as it raced in go back to it (<see cref="IJobStore.Return"/>,
/// naming the deliveries they undo), so a consumer gets each job once and no job is lost.
/// A WAITJOB over jobs of several stores waits on each store for its own jobs.
/// </summary>
internal sealed partial class StoreSet
{
    public async Task<Delivery[]?> Wait(string[] queues, long waitMs, Guid waiter)
    {
        var waits = new Task<Delivery[]?>[stores.Length];
        for (var i = 0; i < stores.Length; i++)
            waits[i] = stores[i].Run(static (s, w) => s.Wait(w.queues, w.waitMs, w.waiter), (queues, waitMs, waiter)).AsTask();
        var pending = new List<Task<Delivery[]?>>(waits);
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (!done.IsCompletedSuccessfully)
            {
                _ = EndOthers(waits, pending, waiter);
                return await done; // this silo's store failed: the GETJOB's error, as with one store
            }
            if (done.Result is not { Length: 0 })
            {
                _ = EndOthers(waits, pending, waiter);
                return done.Result;
            }
        }
        return [];
    }

    /// <summary>
    /// The stores still waiting stop; what one handed out meanwhile goes back to it. A store that fails
    /// here went away (its silo stops): a job it handed out is not lost, its owner queues it again after RETRY.
    /// </summary>
    private async Task EndOthers(Task<Delivery[]?>[] waits, List<Task<Delivery[]?>> pending, Guid waiter)
    {
        foreach (var wait in pending)
        {
            var store = Array.IndexOf(waits, wait);
            try
            {
                await On(store, async s =>
                {
                    await s.StopWaiting(waiter);
                    return true;
                });
                if (await Quiet(wait) is { Length: > 0 } late)
                    await On(store, async s =>
                    {
                        await s.Return(late);
                        return true;
                    });
            }
            catch (Exception)
            {
                // See above: nothing to undo.
            }
        }
    }

    private static async Task<Delivery[]?> Quiet(Task<Delivery[]?> wait)
    {
        try
        {
            return await wait;
        }
        catch (Exception)
        {
            return null; // the store went away: it hands out nothing more
        }
    }

    public async Task<JobEnd[]> WatchJobs(JobId[] ids, long waitMs, Guid waiter, bool any)
    {
        var byStore = Enumerable.Range(0, ids.Length).GroupBy(i => StoreOf(ids[i])).ToArray();
        if (byStore.Length <= 1)
            return await On(byStore.Length == 0 ? 0 : byStore[0].Key, s => s.WatchJobs(ids, waitMs, waiter, any));
        var watches = byStore.Select(part => On(part.Key, s => s.WatchJobs([.. part.Select(i => ids[i])], waitMs, waiter, any))).ToArray();
        if (any)
        {
            // The first end ends the wait: the other stores stop and say where their jobs stand now.
            await Task.WhenAny(watches);
            await Task.WhenAll(byStore.Where((_, i) => !watches[i].IsCompleted).Select(part => On(part.Key, async s =>
            {
                await s.StopWaiting(waiter);
                return true;
            })));
        }
        var ends = new JobEnd[ids.Length];
        var answers = await Task.WhenAll(watches);
        for (var p = 0; p < byStore.Length; p++)
        {
            var at = 0;
            foreach (var i in byStore[p])
                ends[i] = answers[p][at++];
        }
        return ends;
    }
}
