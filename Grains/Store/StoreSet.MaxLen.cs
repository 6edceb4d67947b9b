namespace Disque.Store;

/// <summary>
/// ADDJOB's MAXLEN with K stores: the limit is the silo's part of the queue, as with one store,
/// so the store that makes the job checks it against its own part with the other stores' parts
/// taken off first. Read before the job is made, the other parts may change meanwhile: a limit
/// is best effort by as many jobs as ADDJOBs race on the other stores (Disque's MAXLEN reads one
/// node's queue, which other nodes' jobs fill meanwhile too). A queue full already on the other
/// stores is answered here, without reaching the store (its NOREPL check then never runs).
/// ADDJOBs without MAXLEN never come here.
/// </summary>
internal sealed partial class StoreSet
{
    /// <summary>The job with its MAXLEN less the other stores' parts, or null when those parts hold MAXLEN jobs already.</summary>
    public async Task<JobSpec?> WithinMaxLen(JobSpec job, int store)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, stores.Length).Where(k => k != store).Select(k => On(k, s => s.QueuePart(job.Queue))));
        var elsewhere = parts.Sum(p => p?.Length ?? 0);
        return elsewhere >= job.MaxLen ? null : job with { MaxLen = job.MaxLen - elsewhere };
    }

    /// <summary>Forwarded jobs, made by store 0: those with MAXLEN checked as above, the rest as they are.</summary>
    private async Task<Outcome<JobId>[]> AddWithinMaxLen(JobSpec[] jobs, bool forwarded)
    {
        var results = new Outcome<JobId>[jobs.Length];
        var kept = new List<(int At, JobSpec Job)>(jobs.Length);
        for (var i = 0; i < jobs.Length; i++)
        {
            if (jobs[i].MaxLen <= 0)
                kept.Add((i, jobs[i]));
            else if (await WithinMaxLen(jobs[i], 0) is { } within)
                kept.Add((i, within));
            else
                results[i] = DisqueError.MaxLen;
        }
        if (kept.Count > 0)
        {
            var added = await On(0, s => s.Add([.. kept.Select(k => k.Job)], forwarded));
            for (var i = 0; i < kept.Count; i++)
                results[kept[i].At] = added[i];
        }
        return results;
    }
}
