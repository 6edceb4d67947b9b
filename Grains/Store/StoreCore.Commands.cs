namespace Disque.Store;

/// <summary>The commands about single jobs that only the owner decides: SHOW, NACK, ENQUEUE, DEQUEUE, WORKING, and JSCAN.</summary>
internal sealed partial class StoreCore
{
    public Task<JobInfo?> Show(JobId id)
    {
        if (_jobs.TryGet(id, out var record))
            return Task.FromResult<JobInfo?>(Info(record, clock.NowMs, withBody: true));
        // A dummy ack: known as acknowledged, nothing else.
        return Task.FromResult(_acked.Contains(id) ? new JobInfo { Id = id, State = JobState.Acked } : null);
    }

    public Task<Counted> Requeue(JobId[] ids, bool nack)
    {
        var now = clock.NowMs;
        return OnOwned(ids, record =>
        {
            // Only an active job is queued again, and an at-most-once job only if it was never queued.
            if (!JobTimes.MayQueueAgain(record))
                return false;
            JobLifecycle.Owning(record);
            if (nack && record.Extras is { HasFailurePolicy: true })
                return Nacked(record, reason: null, delaySeconds: 0, now);
            JobLifecycle.Queued(record, now, nack);
            BackInQueue(record, now, counted: true);
            return true;
        });
    }

    /// <summary>A job marked Queued again goes back into its queue: its watchers told, its timers set, counted as a requeue when <paramref name="counted"/>.</summary>
    private void BackInQueue(JobRecord record, long now, bool counted)
    {
        Observer?.Requeued(record);
        Reschedule(record);
        if (counted)
            metrics.JobsRequeued(1);
        Enqueue(record, now);
    }

    public Task<Counted> Dequeue(JobId[] ids) => OnOwned(ids, record =>
    {
        if (record.State != JobState.Queued || !Unqueue(record))
            return false;
        JobLifecycle.Dequeued(record);
        HoldInGroup(record, clock.NowMs); // out of its queue, not done: its group's next job waits for it
        return true;
    });

    /// <summary>
    /// A command only a job's owner carries out: <paramref name="act"/> on each job this store owns
    /// (each id once); how many it moved, and the ids this store does not own, for the router to ask on.
    /// </summary>
    private Task<Counted> OnOwned(JobId[] ids, Func<JobRecord, bool> act)
    {
        var moved = 0;
        List<JobId>? unknown = null;
        foreach (var id in ids.Length > 1 ? ids.Distinct() : ids)
        {
            if (!_jobs.TryGet(id, out var record) || !IsOwner(record))
                (unknown ??= []).Add(id);
            else if (act(record))
                moved++;
        }
        return Task.FromResult(new Counted(moved, unknown?.ToArray() ?? []));
    }

    public Task<Outcome<long>> Working(JobId id)
    {
        // Only the owner queues the job again, so only the owner's postponement counts: a copy says NOJOB and the router asks on.
        if (!_jobs.TryGet(id, out var record) || !IsOwner(record))
            return Task.FromResult<Outcome<long>>(DisqueError.NoJob);
        var now = clock.NowMs;
        if (!JobTimes.MayPostpone(record, now))
            return Task.FromResult<Outcome<long>>(DisqueError.TooLate);
        JobLifecycle.Postponed(record, now);
        Reschedule(record);
        if (record.State == JobState.Queued && Unqueue(record))
        {
            JobLifecycle.Dequeued(record);
            HoldInGroup(record, now); // a worker holds it: its group's next job waits for it
        }
        return Task.FromResult<Outcome<long>>(record.RetrySeconds);
    }

    /// <summary>JSCAN: each job is reported by its owner only, so a replicated job appears once.</summary>
    public Task<JobScanPage> Scan(int firstShard, int count, JobScanFilter filter)
    {
        var now = clock.NowMs;
        var page = new List<JobInfo>();
        var shard = Math.Max(0, firstShard);
        for (; shard < JobTable.Shards && page.Count < count; shard++)
        {
            foreach (var record in _jobs.InShard(shard))
            {
                if (!IsOwner(record) || (filter.Queue is { } queue && record.Queue != queue)
                    || (filter.States.Length > 0 && Array.IndexOf(filter.States, record.State) < 0))
                    continue;
                page.Add(Info(record, now, filter.WithBodies));
            }
        }
        return Task.FromResult(new JobScanPage([.. page], shard));
    }

    /// <summary>
    /// SHOW's next-awake-within as Disque computes it: a second after the expire
    /// second, or sooner the next queueing, half a second early once the job was
    /// queued with a RETRY (when Disque would broadcast its WILLQUEUE).
    /// </summary>
    private static long AwakeAtMs(JobRecord record)
    {
        var awake = record.ExpireAtMs / 1000 * 1000 + 1000;
        if (record.QueueAtMs == 0 || record.State is not (JobState.Active or JobState.Queued))
            return awake;
        var queueAt = record.WasQueued && record.RetrySeconds > 0 ? record.QueueAtMs - WillQueueAdvanceMs : record.QueueAtMs;
        return Math.Min(awake, queueAt);
    }

    /// <summary>How early Disque wakes a job before queueing it again (its JOB_WILLQUEUE_ADVANCE).</summary>
    private const long WillQueueAdvanceMs = 500;

    private JobInfo Info(JobRecord record, long now, bool withBody) => new()
    {
        Id = record.Id,
        Queue = record.Queue,
        State = record.State,
        Replicate = record.Replicate,
        TtlSeconds = Math.Max(0, record.ExpireAtMs / 1000 - now / 1000),
        CTime = record.CTime,
        DelaySeconds = record.DelaySeconds,
        RetrySeconds = record.RetrySeconds,
        Nacks = record.Nacks,
        AdditionalDeliveries = record.AdditionalDeliveries,
        NodesDelivered = [.. record.Nodes.Select(cluster.NodeId)],
        NextRequeueWithinMs = record.QueueAtMs == 0 ? null : Math.Max(0, record.QueueAtMs - now),
        NextAwakeWithinMs = Math.Max(0, AwakeAtMs(record) - now),
        Body = withBody ? record.Body : null,
        Deliveries = record.Deliveries,
        Extras = record.Extras,
    };
}
