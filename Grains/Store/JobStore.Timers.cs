using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// What happens to a job with time, Disque's rules: at its TTL every copy
/// deletes itself; when its queue time comes, the owner queues an active job
/// (delivered and not acked, or waiting out its DELAY) again, counting an
/// additional delivery after the first, and pushes the time of a job still
/// queued. An at-most-once job once delivered is never queued again. A queue
/// paused IN refuses the requeue; the job then waits one more RETRY.
/// </summary>
internal sealed partial class JobStore
{
    private sealed record PendingRequeue(JobRecord Record, bool WasQueued);

    private async Task OnDue(List<JobRecord> due, long now)
    {
        var expired = new Dictionary<string, List<JobId>>();
        var unjournal = new List<JobId>();
        var requeues = new Dictionary<string, List<PendingRequeue>>();
        foreach (var record in due)
        {
            if (!IsCurrent(record))
                continue;
            if (now >= record.ExpireAtMs)
            {
                if (record.Owned && record.MaybeQueued)
                    AddTo(expired, record.Queue, record.Id);
                if (record.Owned)
                    unjournal.Add(record.Id);
                Drop(record);
                metrics.JobsExpired(1);
                continue;
            }
            if (record.Owned && record.QueueAtMs != 0 && now >= record.QueueAtMs)
            {
                if (record.State == JobState.Queued)
                    record.QueueAtMs = NextRetry(record, now);
                else if (record.IsAtMostOnce && record.Delivered)
                    record.QueueAtMs = 0;
                else if (record.State == JobState.Active)
                {
                    AddTo(requeues, record.Queue, new PendingRequeue(record, record.WasQueued));
                    MarkRequeued(record, now, nack: false);
                }
            }
            Reschedule(record);
        }
        var work = expired.Select(q => RemoveFromQueue(q.Key, [.. q.Value]))
            .Concat(requeues.Select(q => RequeueRespectingPause(q.Key, q.Value, now)))
            .Append(journal.Delete(unjournal));
        await Task.WhenAll(work);
    }

    /// <summary>The counters and state of a job queued again; done before the queue sees it, undone if it refuses.</summary>
    private void MarkRequeued(JobRecord record, long now, bool nack)
    {
        if (nack)
            record.Nacks++;
        else if (record.WasQueued)
            record.AdditionalDeliveries++;
        else
            record.WasQueued = true;
        record.State = JobState.Queued;
        record.QueueAtMs = NextRetry(record, now);
        Reschedule(record);
        metrics.JobsRequeued(1);
    }

    private async Task RequeueRespectingPause(string queue, List<PendingRequeue> jobs, long now)
    {
        int[]? refused;
        var tryAgainInMs = (long?)null;
        try
        {
            refused = await Requeue(queue, [.. jobs.Select(j => j.Record)], respectPause: true);
        }
        catch (Exception error)
        {
            // The queue could not be reached (its silo may be failing over): try again in a second.
            LogFailure(log, error, $"queueing jobs again in '{queue}'");
            refused = [.. Enumerable.Range(0, jobs.Count)];
            tryAgainInMs = 1000;
        }
        foreach (var index in refused ?? [])
        {
            var (record, wasQueued) = jobs[index];
            if (!IsCurrent(record) || record.State != JobState.Queued)
                continue;
            if (wasQueued)
                record.AdditionalDeliveries--;
            record.WasQueued = wasQueued;
            record.State = JobState.Active;
            record.QueueAtMs = tryAgainInMs is { } ms ? now + ms : Domain.JobRules.AfterSeconds(now, Math.Max(1, record.RetrySeconds));
            Reschedule(record);
        }
    }

    /// <summary>
    /// After a membership change: the jobs whose owner died and for which this
    /// silo is now the first living copy become this silo's to queue.
    /// </summary>
    private void AdoptOrphans(long now)
    {
        foreach (var record in _jobs.All())
            if (!record.Owned && IsOwner(record))
                Adopt(record, now);
    }

    /// <summary>
    /// Takes a job over from an owner that is gone. Its state there is unknown,
    /// so it is taken as delivered and queued again after RETRY, or when its
    /// DELAY ends if that is later.
    /// </summary>
    private JobRecord Adopt(JobRecord record, long now)
    {
        record.Adopt();
        var delayEnd = Domain.JobRules.AfterSeconds(record.CTimeMs, record.DelaySeconds);
        // Past its DELAY it was most likely queued at the old owner: the next queueing is an additional delivery.
        record.WasQueued |= delayEnd <= now;
        record.QueueAtMs = record.IsAtMostOnce && record.WasQueued ? 0 : Math.Max(delayEnd, NextRetry(record, now));
        Reschedule(record);
        return record;
    }

    /// <summary>
    /// Over the memory limit, what can never be delivered again goes first:
    /// at-most-once jobs already delivered, and dummy acks. Nothing that may still
    /// be delivered is ever dropped for memory.
    /// </summary>
    private void EvictUnderPressure()
    {
        var spent = _jobs.All().Where(r => r.IsAtMostOnce && r.Delivered && r.State == JobState.Active).ToList();
        foreach (var record in spent)
            Drop(record);
        var dummies = _acked.Count;
        _acked.Clear();
        if (spent.Count + dummies > 0)
            log.LogInformation("Out of memory: evicted {Jobs} delivered at-most-once jobs and {Acks} dummy acks", spent.Count, dummies);
    }

    public Task Delivered(JobId[] ids)
    {
        foreach (var id in ids)
        {
            if (!_jobs.TryGet(id, out var record))
                continue;
            record.Delivered = true;
            if (record.State == JobState.Queued)
                record.State = JobState.Active;
        }
        return Task.CompletedTask;
    }

    public Task Undelivered(JobId[] ids)
    {
        foreach (var id in ids)
        {
            if (!_jobs.TryGet(id, out var record))
                continue;
            record.Delivered = false;
            if (record.State == JobState.Active)
                record.State = JobState.Queued;
        }
        return Task.CompletedTask;
    }

    public Task<JobId[]> MarkDelivered(JobId[] ids)
    {
        List<JobId>? already = null;
        foreach (var id in ids)
        {
            if (_jobs.TryGet(id, out var record) && record.IsAtMostOnce && record.Delivered)
                (already ??= []).Add(id);
        }
        Delivered(ids);
        return Task.FromResult(already?.ToArray() ?? []);
    }

    public Task<QueuedJob[]> QueuedIn(string queue)
    {
        if (_jobs.CountIn(queue) == 0)
            return Task.FromResult<QueuedJob[]>([]);
        return Task.FromResult(_jobs.All()
            .Where(r => r.State == JobState.Queued && r.Queue == queue && r.Owned && !r.Admitting)
            .Select(r => r.ToQueued(Self))
            .ToArray());
    }
}
