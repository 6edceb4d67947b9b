namespace Disque.Store;

/// <summary>
/// Ours (issue 21): one WAITJOB's wait on the copies one store holds, GETJOB's <see cref="Waiter"/>
/// for job ends. It is registered under each job still pending here, learns each end on the store's
/// turn (an ACK or DELJOB dropping the copy, its TTL, a dead-letter move), and ends when every one
/// ended, when its time runs out, or when its caller stops it: then it leaves every registration.
/// </summary>
internal sealed class JobWatch(Guid id, JobId[] ids, JobEnd[] ends, long deadlineMs, bool any)
{
    private readonly TaskCompletionSource<JobEnd[]> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = ends.Count(e => e == JobEnd.Pending);

    public Guid Id => id;

    public long DeadlineMs => deadlineMs;

    public Task<JobEnd[]> Result => _result.Task;

    public bool IsOpen => !_result.Task.IsCompleted;

    /// <summary>The jobs still pending, to register or unregister the wait under.</summary>
    public IEnumerable<JobId> Pending()
    {
        for (var i = 0; i < ids.Length; i++)
            if (ends[i] == JobEnd.Pending)
                yield return ids[i];
    }

    /// <summary>The job ended: true when that was the last one this wait waited for (any one, for a wait on the first end).</summary>
    public bool Ended(JobId job, JobEnd end)
    {
        for (var i = 0; i < ids.Length; i++)
            if (ends[i] == JobEnd.Pending && ids[i] == job)
            {
                ends[i] = end;
                _pending--;
            }
        return _pending == 0 || any;
    }

    /// <summary>Answers what it knows now: the jobs that did not end stay pending.</summary>
    public void End() => _result.TrySetResult(ends);
}
