using Disque.Cluster;

namespace Disque.Node;

/// <summary>
/// Ours, beyond Disque (issue 21): unique jobs (ADDJOB UNIQUE, decided by the key's grain),
/// WAITJOB (<see cref="JobWaits"/>), and jobs that wait for others (ADDJOB AFTER), whose
/// dependencies are checked here before the job is made.
/// </summary>
public sealed partial class DisqueNode
{
    /// <summary>ADDJOB with UNIQUE or AFTER: the dependencies are checked, then the key's grain decides (or this silo's store makes the job).</summary>
    private async ValueTask<Outcome<JobId>> AddCoordinated(JobSpec job)
    {
        if (job.After is { Length: > 0 } after)
        {
            var checkedAfter = await CheckDependencies(after);
            if (checkedAfter.Error is { } error)
                return error;
            job = job with { After = checkedAfter.Value };
        }
        if (job.UniqueKey is { } key)
            return await _grains.GetGrain<IUniqueKey>(key).Claim(job, _cluster.Self);
        return await _store.Add(job);
    }

    /// <summary>
    /// AFTER's jobs as they stand now: an unknown one, or one that failed already, is an error; those
    /// acked already are left out (the job may then wait for none: it is queued at once).
    /// </summary>
    private async Task<Outcome<JobId[]?>> CheckDependencies(JobId[] after)
    {
        var ends = await _waits.Run(after, timeoutMs: -1);
        var waitFor = new List<JobId>(after.Length);
        for (var i = 0; i < after.Length; i++)
        {
            switch (ends[i])
            {
                case JobEnd.Unknown:
                    return DisqueError.UnknownDependency;
                case JobEnd.Pending:
                    waitFor.Add(after[i]);
                    break;
                case JobEnd.Acked:
                    break;
                default:
                    return DisqueError.FailedDependency;
            }
        }
        return waitFor.Count == 0 ? new Outcome<JobId[]?>(null, null) : waitFor.Distinct().ToArray();
    }

    /// <summary>WAITJOB: how each job ended, waiting up to <paramref name="timeoutMs"/> (0: without limit) for all of them.</summary>
    public Task<JobEnd[]> WaitJobs(JobId[] ids, long timeoutMs, CancellationToken cancellation = default) => _waits.Run(ids, timeoutMs, cancellation);
}
