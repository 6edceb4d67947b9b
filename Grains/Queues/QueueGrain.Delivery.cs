using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Queues;

/// <summary>
/// Jobs in and out: ADDJOB's admission (MAXLEN, PAUSE IN), queueing again, and
/// GETJOB, immediate or blocked. Blocked consumers are served first come first
/// served, one job each, as Disque serves them.
/// </summary>
internal sealed partial class QueueGrain
{
    private static readonly TimeSpan RememberStopsFor = TimeSpan.FromMinutes(1);

    private readonly LinkedList<Waiter> _waiters = new();
    private readonly Dictionary<Guid, Waiter> _waitersById = [];
    private readonly Dictionary<Guid, long> _stopped = [];

    private sealed class Waiter(GrainTurn turn)
    {
        public readonly TaskCompletionSource<QueuedJob[]> Result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long DeadlineMs;

        /// <summary>A job is on its way to it (its owner is being told): a stop or a timeout no longer ends it.</summary>
        public bool Claimed;

        public bool IsOpen => !Claimed && !Result.Task.IsCompleted;

        public void Close()
        {
            turn.Check("Closing a blocked GETJOB");
            if (!Claimed)
                Result.TrySetResult([]);
        }
    }

    private long BlockedCount => _waiters.Count(w => w.IsOpen);

    /// <summary>Consumers waiting here, read from outside the grain (metrics): a moment's approximation.</summary>
    public int Waiting => _waiters.Count;

    public Task<DisqueError?[]?> Add(NewJob[] jobs)
    {
        Touch();
        DisqueError?[]? refused = null;
        for (var i = 0; i < jobs.Length; i++)
        {
            var offer = jobs[i];
            var refusal = offer.MaxLen > 0 && _jobs.Count >= offer.MaxLen ? DisqueError.MaxLen
                : (Paused & PauseState.In) != 0 ? DisqueError.Paused
                : null;
            if (refusal is not null)
                (refused ??= new DisqueError?[jobs.Length])[i] = refusal;
            else if (!offer.Delayed)
            {
                // Counted even when a rebuild of this grain found the job already: it is the job's first queueing.
                _jobs.Enqueue(offer.Job);
                CountIn(1);
            }
        }
        ServeWaiters();
        return Task.FromResult(refused);
    }

    public Task<int[]?> Enqueue(QueuedJob[] jobs, bool respectPause)
    {
        Touch();
        if (respectPause && (Paused & PauseState.In) != 0)
            return Task.FromResult<int[]?>([.. Enumerable.Range(0, jobs.Length)]);
        foreach (var job in jobs)
        {
            // The owner's fresh copy replaces a stale one (new counters, maybe a new owner).
            var wasQueued = _jobs.Remove(job.Id);
            _jobs.Enqueue(job);
            if (!wasQueued)
                CountIn(1);
        }
        ServeWaiters();
        return Task.FromResult<int[]?>(null);
    }

    public async Task<QueuedJob[][]> TakeEach(int[] counts)
    {
        Touch();
        var taken = new QueuedJob[counts.Length][];
        for (var i = 0; i < counts.Length; i++)
            taken[i] = TakeNow(counts[i]);
        if (counts.Length == 1)
            taken[0] = await TellOwners(taken[0], mayComeBack: false);
        else
        {
            var allowed = (await TellOwners([.. taken.SelectMany(t => t)], mayComeBack: false)).ToHashSet();
            for (var i = 0; i < taken.Length; i++)
                taken[i] = [.. taken[i].Where(allowed.Contains)];
        }
        return taken;
    }

    public async Task<QueuedJob[]> Take(int count, long waitMs, Guid waiterId)
    {
        Touch();
        var jobs = TakeNow(count);
        if (jobs.Length > 0)
            return await TellOwners(jobs, mayComeBack: true);
        if (waitMs <= 0 || _stopped.ContainsKey(waiterId))
            return [];
        var waiter = new Waiter(_turn) { DeadlineMs = clock.NowMs + waitMs };
        var node = _waiters.AddLast(waiter);
        if (waiterId != Guid.Empty)
            _waitersById[waiterId] = waiter;
        // The timeout fires on a timer thread: it only posts the close back into this grain's turn.
        using var timeout = clock.Time.CreateTimer(static state =>
        {
            var (scheduler, waiter) = ((IWorkItemScheduler, Waiter))state!;
            scheduler.QueueAction(static w => ((Waiter)w).Close(), waiter);
        }, (GrainContext.Scheduler, waiter), TimeSpan.FromMilliseconds(waitMs), Timeout.InfiniteTimeSpan);
        var taken = await waiter.Result.Task;
        if (node.List is not null)
            _waiters.Remove(node);
        _waitersById.Remove(waiterId);
        return taken;
    }

    public Task StopWaiting(Guid waiterId)
    {
        if (_waitersById.Remove(waiterId, out var waiter))
            waiter.Close();
        else
            _stopped[waiterId] = clock.NowMs;
        return Task.CompletedTask;
    }

    /// <summary>Up to <paramref name="count"/> jobs from the front, unless the queue is paused OUT.</summary>
    private QueuedJob[] TakeNow(int count)
    {
        if ((Paused & PauseState.Out) != 0 || _jobs.Count == 0)
            return [];
        var jobs = new QueuedJob[Math.Min(count, _jobs.Count)];
        for (var i = 0; i < jobs.Length; i++)
            jobs[i] = _jobs.Dequeue()!;
        CountOut(jobs.Length);
        return jobs;
    }

    public async Task Return(QueuedJob[] jobs)
    {
        // The jobs were marked delivered before they left: their owners hear they were not.
        foreach (var group in jobs.GroupBy(j => j.Owner))
        {
            try
            {
                await cluster.Store(group.Key).Undelivered([.. group.Select(j => j.Id)]);
            }
            catch (Exception error)
            {
                log.Log(ClusterView.Severity(error), error, "Telling {Silo} of returned jobs failed", group.Key);
            }
        }
        foreach (var job in jobs)
            if (_jobs.Enqueue(job))
                CountOut(-1);
        ServeWaiters();
    }

    private void CountIn(int jobs)
    {
        saved.State.JobsIn += jobs;
        _dirty = true;
    }

    private void CountOut(int jobs)
    {
        saved.State.JobsOut += jobs;
        if (jobs > 0)
            metrics.JobsDelivered(jobs);
        _dirty = true;
    }

    /// <summary>Hands one job to each blocked consumer in turn while there are jobs and the queue is not paused OUT.</summary>
    private void ServeWaiters()
    {
        List<(Waiter Waiter, QueuedJob Job)>? served = null;
        while (_waiters.First is { } first && _jobs.Count > 0 && (Paused & PauseState.Out) == 0)
        {
            _waiters.RemoveFirst();
            var waiter = first.Value;
            if (!waiter.IsOpen)
                continue;
            waiter.Claimed = true;
            (served ??= []).Add((waiter, _jobs.Dequeue()!));
        }
        if (served is not null)
            _ = HandOver(served);
    }

    /// <summary>
    /// The owners hear of the deliveries first, then each consumer gets its job. A consumer
    /// that leaves meanwhile still gets it, and gives it back before it answers its client,
    /// so whoever asks next finds the job queued again.
    /// </summary>
    private async Task HandOver(List<(Waiter Waiter, QueuedJob Job)> served)
    {
        CountOut(served.Count);
        var allowed = (await TellOwners([.. served.Select(s => s.Job)], mayComeBack: true)).ToHashSet();
        foreach (var (waiter, job) in served)
            // An at-most-once job delivered once already never leaves again: its consumer gets nothing.
            waiter.Result.TrySetResult(allowed.Contains(job) ? [job] : []);
    }

    /// <summary>
    /// The owners learn their jobs left the queue. At-most-once jobs, and jobs for a
    /// blocked consumer (<paramref name="mayComeBack"/>: one that leaves gives them back),
    /// before they are handed out: so a rebuilt queue never offers an at-most-once job
    /// twice, and a job given back is never marked delivered after its return. Other
    /// at-least-once jobs with a message nobody waits for, which keeps GETJOB's hot path
    /// one call shorter. The jobs that may be handed out: an at-most-once job its owner
    /// knows as delivered already is dropped.
    /// </summary>
    private async Task<QueuedJob[]> TellOwners(QueuedJob[] jobs, bool mayComeBack)
    {
        if (jobs.Length == 0)
            return jobs;
        HashSet<JobId>? refused = null;
        foreach (var group in jobs.GroupBy(j => j.Owner))
        {
            var store = cluster.Store(group.Key);
            var ids = group.Select(j => j.Id).ToArray();
            try
            {
                if (mayComeBack || group.Any(j => j.Id.IsAtMostOnce))
                    foreach (var id in await store.MarkDelivered(ids))
                        (refused ??= []).Add(id);
                else
                    _ = store.Delivered(ids);
            }
            catch (Exception error)
            {
                // The owner is gone; its jobs are another silo's to queue again.
                log.Log(ClusterView.Severity(error), error, "Telling {Silo} of deliveries failed", group.Key);
            }
        }
        return refused is null ? jobs : [.. jobs.Where(j => !refused.Contains(j.Id))];
    }

    private void ExpireWaiters(long nowMs)
    {
        foreach (var (id, stoppedAt) in _stopped)
            if (nowMs - stoppedAt > RememberStopsFor.TotalMilliseconds)
                _stopped.Remove(id);
        for (var node = _waiters.First; node is not null;)
        {
            var next = node.Next;
            if (!node.Value.IsOpen || node.Value.DeadlineMs <= nowMs)
            {
                node.Value.Close();
                _waiters.Remove(node);
            }
            node = next;
        }
    }
}
