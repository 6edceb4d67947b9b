using Disque.Cluster;
using Disque.Store;
using Orleans.Runtime;

namespace Disque.Node;

/// <summary>
/// GETJOB with Disque's rules: the queues of this silo first (queues in the order
/// given, one job from each per round, until COUNT jobs are taken), then, in a
/// cluster, the other silos' parts of the same queues (each asked in turn within its own
/// share of a bound, so a slow one hides no other); with nothing anywhere, the
/// consumer blocks here on all of them until the first job arrives (this silo's,
/// or one another silo offers because it knows consumers wait here) or TIMEOUT
/// passes. A job taken for a consumer that is no longer there goes back.
/// It reaches this silo's store and the others through <see cref="IStoreCluster"/> and
/// <see cref="ILocalStore"/> only, so the deterministic simulation runs it as it is.
/// </summary>
public sealed class GetJob(IStoreCluster cluster, ILocalStore store, DisqueClock clock, NodeState node, ILogger log)
{
    private readonly IStoreCluster _cluster = cluster;
    private readonly ILocalStore _store = store;
    private readonly DisqueClock _clock = clock;
    private readonly NodeState _node = node;
    private readonly ILogger _log = log;

    /// <summary>How long one blocking store call may wait; a longer wait is made of several.</summary>
    private static readonly TimeSpan BlockingSlice = TimeSpan.FromSeconds(20);

    /// <summary>The jobs taken; null for Disque's null reply (nothing within the time, or NOHANG).</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Outcome<Delivery[]?>> Run(GetJobSpec spec, CancellationToken cancellation = default)
    {
        var deadline = spec.TimeoutMs > 0 && !spec.NoHang ? _clock.NowMs + spec.TimeoutMs : long.MaxValue;
        var queues = spec.Queues.Length > 1 ? [.. spec.Queues.Distinct()] : spec.Queues;
        var taken = await _store.Run(static (store, take) => store.Take(take.queues, take.Count), (queues, spec.Count));
        if (taken.Length == 0 && _cluster.Alive.Count > 1)
            taken = await TakeElsewhere(queues, spec.Count, TakeWithin(deadline), cancellation);
        if (taken.Length > 0)
            return taken;
        if (spec.NoHang)
            return new Outcome<Delivery[]?>(null, null);
        if (_node.Leaving)
            return DisqueError.Leaving;
        var blocked = await Block(queues, deadline, cancellation);
        return blocked.Length == 0 ? new Outcome<Delivery[]?>(null, null) : blocked;
    }

    /// <summary>
    /// How long GETJOB waits for the other silos' jobs before it blocks here (or answers, for
    /// NOHANG): each silo asked in turn gets its own share of it, so a silo that hangs holds no
    /// consumer past this, nor past its TIMEOUT, and hides no other silo's jobs. A late answer is
    /// given back, naming the deliveries it undoes, so it cannot put back a job handed out again
    /// since (<see cref="QueuedJob.DeliveryTag"/>).
    /// </summary>
    private static readonly TimeSpan TakeElsewhereWithin = TimeSpan.FromSeconds(1);

    private TimeSpan TakeWithin(long deadline)
    {
        var left = deadline == long.MaxValue ? TakeElsewhereWithin : TimeSpan.FromMilliseconds(Math.Max(0, deadline - _clock.NowMs));
        return left < TakeElsewhereWithin ? left : TakeElsewhereWithin;
    }

    /// <summary>
    /// Jobs queued on other silos: each asked in turn, in address order, within its share of
    /// <paramref name="within"/> (a slow one uses up its own share only), until one has some (at most COUNT).
    /// </summary>
    private async Task<Delivery[]> TakeElsewhere(string[] queues, int count, TimeSpan within, CancellationToken cancellation)
    {
        var others = _cluster.Alive.Where(s => !s.Equals(_cluster.Self)).ToList();
        if (others.Count == 0 || within <= TimeSpan.Zero)
            return [];
        var share = within / others.Count;
        foreach (var silo in others)
        {
            if (cancellation.IsCancellationRequested)
                break;
            var jobs = await TakeFrom(silo, queues, count, share);
            if (jobs.Length == 0)
                continue;
            if (!cancellation.IsCancellationRequested)
                return jobs;
            // The consumer left: the jobs go back, without holding the GETJOB's answer up (the silo may be slow).
            _ = GiveBack(silo, jobs);
            return [];
        }
        return [];
    }

    /// <summary>
    /// One silo's jobs within <paramref name="within"/>; none when it failed, did not answer in time
    /// (what it hands out late goes back), or was declared dead as it answered.
    /// </summary>
    private async Task<Delivery[]> TakeFrom(SiloAddress silo, string[] queues, int count, TimeSpan within)
    {
        var taking = _cluster.Store(silo).Take(queues, count);
        try
        {
            var jobs = await taking.WaitAsync(within, _cluster.Time);
            if (jobs.Length > 0 && _cluster.IsDeclaredDead(silo))
            {
                // Declared dead while it answered: the others took its jobs over and may have acked them since.
                _log.LogWarning("{Silo} was declared dead as it handed out {Count} jobs; they are not delivered", silo, jobs.Length);
                return [];
            }
            return jobs;
        }
        catch (TimeoutException)
        {
            _log.LogWarning("{Silo} did not answer GETJOB within {Within}: its jobs are not looked at for this consumer (what it hands out late is given back)", silo, within);
            _ = GiveBackLate(silo, taking);
        }
        catch (Exception error)
        {
            _log.LogWarning(error, "Taking jobs from {Silo} failed: its jobs are not looked at for this consumer", silo);
        }
        return [];
    }

    /// <summary>Waits on this silo's queues for the first job until <paramref name="deadline"/>; none when the time ran out or the consumer left.</summary>
    private async Task<Delivery[]> Block(string[] queues, long deadline, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var left = deadline - _clock.NowMs;
            if (left <= 0)
                return [];
            var jobs = await WaitOnce(queues, (long)Math.Min(left, BlockingSlice.TotalMilliseconds), cancellation);
            if (jobs is null)
                return []; // DEBUG FLUSHALL: answered null at once
            if (jobs.Length == 0)
                continue;
            if (!cancellation.IsCancellationRequested)
                return jobs;
            // The consumer left as the job came: it goes back, without holding the GETJOB's answer up.
            _ = GiveBack(_cluster.Self, jobs);
            return [];
        }
        return [];
    }

    /// <summary>
    /// One slice of a wait: the jobs, none (the slice ran out, or the consumer left), or null
    /// (flushed). A failure of this silo's own store is the GETJOB's error, not retried.
    /// </summary>
    private async Task<Delivery[]?> WaitOnce(string[] queues, long waitMs, CancellationToken cancellation)
    {
        var waiter = Guid.NewGuid();
        await using var onLeave = cancellation.Register(() => _ = StopWaiting(waiter));
        return await _store.Run(static (store, wait) => store.Wait(wait.queues, wait.waitMs, wait.waiter), (queues, waitMs, waiter));
    }

    private async Task StopWaiting(Guid waiter)
    {
        try
        {
            await _store.Run(static async (store, w) =>
            {
                await store.StopWaiting(w);
                return true;
            }, waiter);
        }
        catch (Exception error)
        {
            _log.Log(ClusterView.Severity(error), error, "Ending a wait failed");
        }
    }

    /// <summary>Jobs a silo handed out after their consumer stopped waiting for them go back to it.</summary>
    private async Task GiveBackLate(SiloAddress silo, Task<Delivery[]> taking)
    {
        Delivery[] jobs;
        try
        {
            jobs = await taking;
        }
        catch (Exception error)
        {
            _log.Log(ClusterView.Severity(error), error, "Taking jobs from {Silo} failed late", silo);
            return;
        }
        // A silo declared dead meanwhile gets nothing back: its jobs are the others' now.
        if (jobs.Length > 0 && !_cluster.IsDeclaredDead(silo))
            await GiveBack(silo, jobs);
    }

    private async Task GiveBack(SiloAddress silo, Delivery[] jobs)
    {
        try
        {
            if (silo.Equals(_cluster.Self))
                await _store.Run(static async (store, j) =>
                {
                    await store.Return(j);
                    return true;
                }, jobs);
            else
                await _cluster.Store(silo).Return(jobs);
        }
        catch (Exception error)
        {
            // Not lost: the owner queues the jobs again after their RETRY.
            _log.LogWarning(error, "Giving {Count} jobs back to {Silo} failed", jobs.Length, silo);
        }
    }
}
