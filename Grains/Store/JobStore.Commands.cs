namespace Disque.Store;

/// <summary>The commands about single jobs that only the owner decides: SHOW, NACK, ENQUEUE, DEQUEUE, WORKING, and JSCAN.</summary>
internal sealed partial class JobStore
{
    public Task<JobInfo?> Show(JobId id)
    {
        if (_jobs.TryGet(id, out var record))
            return Task.FromResult<JobInfo?>(Info(record, clock.NowMs, withBody: true));
        // A dummy ack: known as acknowledged, nothing else.
        return Task.FromResult(_acked.Contains(id) ? new JobInfo { Id = id, State = JobState.Acked } : null);
    }

    public async Task<int> Requeue(JobId[] ids, bool nack)
    {
        var now = clock.NowMs;
        var byQueue = new Dictionary<string, List<JobRecord>>();
        foreach (var id in ids)
        {
            // Only an active job is queued again, and an at-most-once job only if it was never queued.
            if (!_jobs.TryGet(id, out var record) || record.State != JobState.Active || !IsOwner(record)
                || (record.IsAtMostOnce && (record.WasQueued || record.Delivered)))
                continue;
            record.Owned = true;
            MarkRequeued(record, now, nack);
            AddTo(byQueue, record.Queue, record);
        }
        var queued = await Task.WhenAll(byQueue.Select(async q =>
        {
            await Requeue(q.Key, q.Value, respectPause: false);
            return q.Value.Count;
        }));
        return queued.Sum();
    }

    public async Task<int> Dequeue(JobId[] ids)
    {
        var byQueue = new Dictionary<string, List<JobId>>();
        foreach (var id in ids)
        {
            if (!_jobs.TryGet(id, out var record) || record.State != JobState.Queued || !IsOwner(record))
                continue;
            record.State = JobState.Active;
            AddTo(byQueue, record.Queue, id);
        }
        var removed = await Task.WhenAll(byQueue.Select(q => queueRefs[q.Key].Remove([.. q.Value])));
        return removed.Sum();
    }

    public async Task<Outcome<long>> Working(JobId id)
    {
        if (!_jobs.TryGet(id, out var record))
            return DisqueError.NoJob;
        var now = clock.NowMs;
        var lifetime = record.ExpireAtMs - record.CTimeMs;
        if (lifetime > 0 && now - record.CTimeMs > lifetime / 2)
            return DisqueError.TooLate;
        if (record.RetrySeconds > 0 && record.QueueAtMs != 0)
        {
            record.QueueAtMs = NextRetry(record, now);
            Reschedule(record);
        }
        if (record.State == JobState.Queued && IsOwner(record))
        {
            record.State = JobState.Active;
            await queueRefs[record.Queue].Remove([id]);
        }
        return record.RetrySeconds;
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
    };
}
