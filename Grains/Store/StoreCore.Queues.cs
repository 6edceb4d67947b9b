using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// The queues of this silo (<see cref="QueueTable"/>): jobs go in only here, in
/// their owner's store, and come out to this silo's blocked consumers first, then
/// to another silo whose consumers wait, then to whoever asks. A queue's PAUSE
/// state is the queue grain's: the store reads every paused queue when it starts
/// and is told every change; its counters go to the queue grain once a second.
/// A job offered to this silo's consumers reaches one consumer at most, and the offerer's
/// answer never says 'not taken' of a job a consumer here got: an offer answered is remembered
/// for a minute (by offerer and delivery tag), and the same offer repeated gets the same answer.
/// </summary>
internal sealed partial class StoreCore
{
    /// <summary>Disque's queue GC: a queue idle this long (empty, unpaused, nobody waiting) is forgotten.</summary>
    public const long EvictAfterMs = 300_000;
    public const long EvictAfterMsUnderPressure = 10_000;

    /// <summary>The queue's part on this silo, made on first use.</summary>
    private QueuePartition Partition(string queue, long now) => _queues.GetOrCreate(queue, now, out _);

    /// <summary>When the store starts: the paused queues of the cluster, so the first ADDJOB here decides PAUSED on its own.</summary>
    private async Task LoadPausedQueues() =>
        TakePauses(await cluster.UntilAnswered(() => queueRefs.Paused.All()));

    /// <summary>How often a store reads the paused queues again, should it have missed a PAUSE told while it could not be reached.</summary>
    private const int ReadPausesEveryTicks = 10 * TicksPerSecond;

    private async Task ReadPausesAgain() =>
        TakePauses(await queueRefs.Paused.All());

    private void TakePauses(PausedQueue[] queues)
    {
        var now = clock.NowMs;
        foreach (var queue in queues)
        {
            var partition = queue.State == PauseState.None ? _queues.Find(queue.Name) : Partition(queue.Name, now);
            if (partition is null)
                continue;
            var wasPausedOut = partition.PausedOut;
            partition.SetPause(queue.State, queue.Version);
            if (wasPausedOut && !partition.PausedOut)
                Serve(partition, now);
        }
    }

    public Task SetPause(string queue, PauseState state, long version)
    {
        TakePauses([new PausedQueue(queue, state, version)]);
        return Task.CompletedTask;
    }

    /// <summary>Puts a job this store owns into its queue here, and hands it on at once if a consumer waits.</summary>
    private void Enqueue(JobRecord record, long now)
    {
        if (record.Moving)
            return; // its move decides where it is queued
        var partition = Partition(record.Queue, now);
        if (!partition.Enqueue(record))
            return;
        partition.CountIn(1);
        partition.Touch(now);
        Serve(partition, now);
    }

    /// <summary>
    /// Takes a job out of its queue here if it is there (ACK, DEQUEUE, TTL, WORKING, hand-off). A
    /// grouped job active here stops counting against its group's limit: every path that ends a
    /// delivery for good (ACK, DELJOB, TTL, dead letter, hand-off, FLUSHALL) passes here.
    /// </summary>
    private bool Unqueue(JobRecord record)
    {
        if (_queues.Find(record.Queue) is not { } partition)
            return false;
        if (partition.Remove(record))
            return true;
        EndInGroup(partition, record);
        return false;
    }

    /// <summary>A grouped job is no longer active (NACK with a later queueing, a refused requeue): its group may be served again.</summary>
    private void EndInGroup(JobRecord record)
    {
        if (record.Extras?.ServedInGroup is not null && _queues.Find(record.Queue) is { } partition)
            EndInGroup(partition, record);
    }

    private void EndInGroup(QueuePartition partition, JobRecord record)
    {
        if (partition.EndActive(record))
            Serve(partition, clock.NowMs);
    }

    /// <summary>
    /// A grouped job this store takes over (its owner died or left, or recovery) counts as active
    /// in its group until it is queued again or done with: its old owner may have handed it to a
    /// consumer who still works on it. An at-most-once job that will never be queued again does not count.
    /// </summary>
    private bool Adopt(JobRecord record, long now, Takeover cause)
    {
        if (!JobLifecycle.Adopted(record, now, cause))
            return false;
        HoldInGroup(record, now);
        return true;
    }

    private void HoldInGroup(JobRecord record, long now)
    {
        if (record.Extras is { ServedInGroup: { } group } extras && record.State == JobState.Active && record.Owned && !record.Moving && record.QueueAtMs != 0)
            Partition(record.Queue, now).HoldActive(record, group, extras.GroupLimit);
    }

    /// <summary>
    /// Hands queued jobs to this silo's blocked consumers, oldest consumer first, one
    /// job each; with none waiting here, offers them to a silo whose consumers wait.
    /// </summary>
    private void Serve(QueuePartition partition, long now)
    {
        if (partition.PausedOut || _stall.Holds)
            return;
        while (partition.HasReady && partition.FirstWaiter() is { } waiter)
            waiter.End([new Delivery(partition.Name, Deliver(partition, partition.Next()!, now))]);
        // A needer declared dead is forgotten, and the next one asked.
        while (partition.HasReady && partition.Needer(now) is var (needer, waiting))
        {
            if (!cluster.IsDeclaredDead(needer))
            {
                OfferTo(needer, waiting, partition, now);
                return;
            }
            partition.SetNeed(needer, 0, 0);
        }
    }

    /// <summary>The job leaves its queue for a consumer: active from now on, and counted out.</summary>
    private QueuedJob Deliver(QueuePartition partition, JobRecord record, long now)
    {
        var retryAt = record.QueueAtMs;
        JobLifecycle.Delivered(record, ++_lastDeliveryTag, record.Extras is null ? 0 : Jitter());
        Observer?.Delivered(record, retryAt);
        partition.CountOut(1);
        partition.Touch(now);
        metrics.JobsDelivered(1);
        return record.ToQueued();
    }

    /// <summary>
    /// A job handed out that never reached a consumer: queued again as it was, not delivered
    /// after all. Only the delivery named by <paramref name="tag"/> is undone: once the job was
    /// queued again (RETRY, NACK) or handed out since, a late give-back is ignored.
    /// </summary>
    private void Undeliver(JobRecord record, long tag, long now)
    {
        if (!IsCurrent(record) || !JobLifecycle.Undelivered(record, tag))
            return;
        Observer?.Undelivered(record, tag);
        var partition = Partition(record.Queue, now);
        partition.CountOut(-1);
        if (!record.Moving && partition.Enqueue(record))
            Serve(partition, now);
    }

    /// <summary>
    /// Sends queued jobs to another silo, one for each consumer it said waits there for
    /// this queue. They count as delivered from the moment they leave; those nobody
    /// there took come back, and that silo is sent no more until it says again that
    /// consumers wait (so jobs never bounce between two silos).
    /// </summary>
    private void OfferTo(SiloAddress needer, int waiting, QueuePartition partition, long now)
    {
        var records = new List<JobRecord>(Math.Min(waiting, partition.Length));
        var jobs = new QueuedJob[records.Capacity];
        while (records.Count < jobs.Length && partition.Next() is { } record)
        {
            jobs[records.Count] = Deliver(partition, record, now);
            records.Add(record);
        }
        partition.Offered(needer, records.Count);
        _ = Offered(needer, partition.Name, records, jobs[..records.Count]);
    }

    private async Task Offered(SiloAddress needer, string queue, List<JobRecord> records, QueuedJob[] jobs)
    {
        HashSet<JobId> notTaken;
        try
        {
            notTaken = [.. await cluster.Store(needer).Offer(queue, jobs, Self)];
        }
        catch (Exception error)
        {
            // No answer is no proof its consumers did not get them: they stay delivered, and
            // come back after their RETRY as any job a consumer did not ACK (RETRY 0: never).
            LogFailure(log, error, $"offering jobs of '{queue}' to {needer}");
            _queues.Find(queue)?.SetNeed(needer, 0, 0);
            return;
        }
        if (notTaken.Count == 0)
            return;
        _queues.Find(queue)?.SetNeed(needer, 0, 0);
        var now = clock.NowMs;
        for (var i = 0; i < records.Count; i++)
            if (notTaken.Contains(records[i].Id))
                Undeliver(records[i], jobs[i].DeliveryTag, now);
    }

    public Task<JobId[]> Offer(string queue, QueuedJob[] jobs, SiloAddress from)
    {
        // Refused as an error, not as jobs nobody took: the offerer leaves them delivered
        // rather than queueing them again for its own consumers before it learns its death.
        if (cluster.IsDeclaredDead(from))
            throw new InvalidOperationException($"{from} was declared dead: its offer of {jobs.Length} jobs of '{queue}' is refused");
        var partition = _queues.Find(queue);
        var now = clock.NowMs;
        var notTaken = new List<JobId>();
        foreach (var job in jobs)
        {
            // The same offer again (a repeated message) gets the first answer: a delivery a consumer
            // took is not undone by a later 'not taken', nor handed to a second consumer.
            var taken = _offeredFrom.TryGetValue((job.Id, job.DeliveryTag, from), out var seen)
                ? seen.Taken
                : AnswerOffer(partition, queue, job, from, now);
            if (!taken)
                notTaken.Add(job.Id);
        }
        return Task.FromResult(notTaken.ToArray());
    }

    /// <summary>A new offer of a job: taken by the first consumer waiting here, if any; the answer is remembered.</summary>
    private bool AnswerOffer(QueuePartition? partition, string queue, QueuedJob job, SiloAddress from, long now)
    {
        var waiter = partition?.FirstWaiter();
        // Should its consumer have left, the job goes back to the silo that offered it.
        _offeredFrom[(job.Id, job.DeliveryTag, from)] = new OfferAnswered(now, Taken: waiter is not null);
        _offersByAge.Enqueue(((job.Id, job.DeliveryTag, from), now));
        waiter?.End([new Delivery(queue, job)]);
        return waiter is not null;
    }

    public Task NeedJobs(string[] queues, int[] waiting, SiloAddress needer)
    {
        if (cluster.IsDeclaredDead(needer))
            return Task.CompletedTask;
        var now = clock.NowMs;
        for (var i = 0; i < queues.Length; i++)
        {
            var partition = waiting[i] > 0 ? Partition(queues[i], now) : _queues.Find(queues[i]);
            if (partition is null)
                continue;
            partition.SetNeed(needer, waiting[i], now + QueuePartition.NeedLastsMs);
            if (waiting[i] > 0)
                Serve(partition, now);
        }
        return Task.CompletedTask;
    }

    /// <summary>Tells the other silos how many consumers of this silo wait on these queues now.</summary>
    private void AdvertiseNeed(string[] queues, long now)
    {
        if (cluster.Alive.Count < 2)
            return;
        var waiting = new int[queues.Length];
        for (var i = 0; i < queues.Length; i++)
        {
            var partition = Partition(queues[i], now);
            partition.NeedToldMs = now;
            waiting[i] = partition.OpenWaiters;
        }
        foreach (var silo in cluster.Alive)
            if (!silo.Equals(Self))
                Tell(silo, store => store.NeedJobs(queues, waiting, Self), "telling of consumers waiting");
    }

    public Task<QueuePart?> QueuePart(string queue)
    {
        if (_queues.Find(queue) is not { } partition)
            return Task.FromResult<QueuePart?>(null);
        return Task.FromResult<QueuePart?>(new QueuePart
        {
            Store = StoreKey,
            Length = partition.Length,
            Blocked = partition.OpenWaiters,
            JobsIn = partition.JobsIn,
            JobsOut = partition.JobsOut,
            CreatedMs = partition.CreatedMs,
            TouchedMs = partition.TouchedMs,
            Groups = partition.Groups is { } groups ? [.. groups.Counts().Select(g => new QueueGroup(g.Name, g.Waiting, g.Active, g.Limit))] : null,
        });
    }

    public Task<QueuedJob[]> Peek(string queue, long count)
    {
        if (_queues.Find(queue) is not { } partition || count == 0)
            return Task.FromResult<QueuedJob[]>([]);
        var jobs = count > 0 ? partition.Oldest() : partition.Newest();
        var take = (int)Math.Min(count == long.MinValue ? long.MaxValue : Math.Abs(count), int.MaxValue);
        return Task.FromResult(jobs.Take(take).Select(r => r.ToQueued()).ToArray());
    }

    public Task<string[]> LocalQueues(long minLen, long maxLen) =>
        Task.FromResult(_queues.All.Where(q => q.Length >= minLen && q.Length <= maxLen).Select(q => q.Name).ToArray());

    /// <summary>Once a second: counters to the queue grains, needs renewed, idle queues forgotten (Disque's queue GC).</summary>
    private void QueueHousekeeping(long now)
    {
        var evictAfter = node.OutOfMemory ? EvictAfterMsUnderPressure : EvictAfterMs;
        List<QueuePartition>? idle = null;
        foreach (var partition in _queues.All)
        {
            if (partition.CountersChanged)
            {
                partition.CountersChanged = false;
                var (name, jobsIn, jobsOut) = (partition.Name, partition.JobsIn, partition.JobsOut);
                _ = Quietly(queueRefs[name].Counted(StoreKey, jobsIn, jobsOut), $"reporting the counters of '{name}'");
            }
            // A safety net: a grouped job whose ending no path told (a bug) frees its group's place within a second.
            if (partition.Groups is { Active: > 0 } groups && groups.Prune(r => IsCurrent(r) && r.State == JobState.Active && r.Owned && !r.Moving && r.Queue == partition.Name))
            {
                log.LogWarning("Queue '{Queue}': a grouped job stopped being active unnoticed; its group is served again", partition.Name);
                Serve(partition, now);
            }
            if (partition.FirstWaiter() is null)
                partition.NeedToldMs = 0;
            else if (now - partition.NeedToldMs >= QueuePartition.NeedLastsMs / 2)
                AdvertiseNeed([partition.Name], now);
            if (partition.MayBeEvicted(now, evictAfter, _jobs.CountIn(partition.Name) > 0))
                (idle ??= []).Add(partition);
        }
        foreach (var partition in idle ?? [])
        {
            _queues.Remove(partition);
            _ = Quietly(queueRefs[partition.Name].Evicted(StoreKey), $"telling '{partition.Name}' its part here is gone");
        }
    }
}
