namespace Disque.Store;

/// <summary>
/// What happens to a job with time, Disque's rules (<see cref="JobTimes"/>): at its
/// TTL every copy deletes itself; when its queue time comes, the owner queues an
/// active job (delivered and not acked, or waiting out its DELAY) again, and pushes
/// the time of a job still queued. An at-most-once job once delivered is never
/// queued again. A queue paused IN refuses the requeue; the job then waits one
/// more RETRY. After a membership change, the jobs whose owner died are taken
/// over by their first living copy (<see cref="JobLifecycle.Adopted"/>).
/// </summary>
internal sealed partial class StoreCore
{
    private void OnDue(List<JobRecord> due, long now)
    {
        List<JobId>? unjournal = null;
        List<JobRecord>? requeue = null;
        foreach (var record in due)
        {
            if (!IsCurrent(record))
                continue;
            if (now >= record.ExpireAtMs)
            {
                if (record.Owned)
                    (unjournal ??= []).Add(record.Id);
                Drop(record);
                // Ours: remembered only where someone may ask how it ended (WAITJOB, AFTER, a key): a plain job pays nothing more.
                if (record.Extras is not null || _watched.Count > 0)
                    Remember(record, now, JobEnd.Expired);
                Ended(record, JobEnd.Expired);
                metrics.JobsExpired(1);
                continue;
            }
            if (record.Owned && record.QueueAtMs != 0 && now >= record.QueueAtMs)
            {
                if (record.State == JobState.Queued)
                    JobLifecycle.StillQueued(record, now);
                else if (record.IsAtMostOnce && record.Delivered)
                    JobLifecycle.Spent(record);
                else if (record.State == JobState.Active)
                    (requeue ??= []).Add(record);
            }
            Reschedule(record);
        }
        if (requeue is not null)
            RequeueRespectingPause(requeue, now);
        if (unjournal is not null && journal.IsDurable)
            _ = Quietly(journal.Delete(unjournal), "unjournaling expired jobs"); // a slow journal holds up no tick
    }

    /// <summary>RETRY or the end of a DELAY: each job goes back into its queue here, unless the queue is paused IN.</summary>
    private void RequeueRespectingPause(List<JobRecord> records, long now)
    {
        foreach (var record in records)
        {
            if (TimedOutForGood(record, now))
                continue;
            var partition = Partition(record.Queue, now);
            var wasQueued = record.WasQueued;
            if (!JobLifecycle.Queued(record, now, nack: false))
                continue;
            if (partition.PausedIn && !record.IsAtMostOnce)
            {
                JobLifecycle.QueueingRefused(record, now, wasQueued);
                EndInGroup(partition, record);
            }
            else
            {
                metrics.JobsRequeued(1);
                Enqueue(record, now);
            }
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
        {
            if (!record.Owned && IsOwner(record) && Adopt(record, now, Takeover.OwnerDied))
                Reschedule(record);
        }
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
        // Copies refused for a while after their owner's word (_forgotten) are kept: they expire on their own,
        // and dropping them could let a late copy bring an acknowledged job back.
        var dummies = _acked.Count;
        _acked.Clear();
        if (spent.Count + dummies > 0)
            log.LogInformation("Out of memory: evicted {Jobs} delivered at-most-once jobs and {Acks} dummy acks", spent.Count, dummies);
    }
}
