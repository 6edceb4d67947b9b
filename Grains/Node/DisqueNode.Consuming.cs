using Disque.Cluster;
namespace Disque.Node;

/// <summary>
/// GETJOB across several queue grains, with Disque's rules: queues are tried in
/// the order given, one job from each per round, until COUNT jobs are taken;
/// with nothing there, the consumer blocks on all of them until the first job
/// arrives (it then gets that one job) or TIMEOUT passes. A job taken for a
/// consumer that is no longer there goes back to its queue.
/// </summary>
public sealed partial class DisqueNode
{
    /// <summary>How long one blocking grain call may wait; a longer wait is made of several.</summary>
    private static readonly TimeSpan BlockingSlice = TimeSpan.FromSeconds(20);

    /// <summary>Between two attempts to wait on a queue that failed to answer.</summary>
    private static readonly TimeSpan WaitRetryPause = TimeSpan.FromMilliseconds(500);

    /// <summary>The jobs taken; null for Disque's null reply (nothing within the time, or NOHANG).</summary>
    public async Task<Outcome<Delivery[]?>> GetJobs(GetJobSpec spec, CancellationToken cancellation = default)
    {
        var taken = await TakeNow(spec);
        if (taken.Length > 0)
            return taken;
        if (spec.NoHang)
            return new Outcome<Delivery[]?>(null, null);
        if (_node.Leaving)
            return DisqueError.Leaving;
        Interlocked.Increment(ref _blocked);
        Delivery? blocked;
        try
        {
            blocked = await Block(spec.Queues.Distinct().ToArray(), spec.TimeoutMs, cancellation);
        }
        finally
        {
            Interlocked.Decrement(ref _blocked);
        }
        return blocked is null ? new Outcome<Delivery[]?>(null, null) : new Delivery[] { blocked.Value };
    }

    private async Task<Delivery[]> TakeNow(GetJobSpec spec)
    {
        if (spec.Queues.Length == 1)
            return Deliveries(spec.Queues[0], await Takers(spec.Queues[0]).Submit(spec.Count));
        if (spec.Count == 1)
        {
            foreach (var name in spec.Queues)
            {
                var jobs = await Queue(name).Take(1, 0);
                if (jobs.Length > 0)
                    return Deliveries(name, jobs);
            }
            return [];
        }
        // Rounds over the queues: ask their lengths, share COUNT out one job per queue per round.
        var lengths = await Task.WhenAll(spec.Queues.Select(q => Queue(q).Length()));
        var quotas = RoundQuotas(lengths, spec.Count);
        var taken = await Task.WhenAll(spec.Queues.Select((q, i) => Queue(q).Take(quotas[i], 0)));
        return InRounds(spec.Queues, taken);
    }

    /// <summary>How many jobs each queue gives when COUNT is shared one per queue per round.</summary>
    internal static int[] RoundQuotas(long[] lengths, int count)
    {
        var quotas = new int[lengths.Length];
        var left = (long[])lengths.Clone();
        var remaining = count;
        var progress = true;
        while (remaining > 0 && progress)
        {
            progress = false;
            for (var i = 0; i < left.Length && remaining > 0; i++)
            {
                if (left[i] <= 0)
                    continue;
                left[i]--;
                quotas[i]++;
                remaining--;
                progress = true;
            }
        }
        return quotas;
    }

    private static Delivery[] InRounds(string[] queues, QueuedJob[][] taken)
    {
        var result = new List<Delivery>();
        for (var round = 0; result.Count < taken.Sum(t => t.Length); round++)
            for (var i = 0; i < queues.Length; i++)
                if (round < taken[i].Length)
                    result.Add(new Delivery(queues[i], taken[i][round]));
        return [.. result];
    }

    private static Delivery[] Deliveries(string queue, QueuedJob[] jobs)
    {
        var result = new Delivery[jobs.Length];
        for (var i = 0; i < jobs.Length; i++)
            result[i] = new Delivery(queue, jobs[i]);
        return result;
    }

    /// <summary>Waits on every queue for the first job; null when the time ran out or the consumer left.</summary>
    private async Task<Delivery?> Block(string[] queues, long timeoutMs, CancellationToken cancellation)
    {
        var deadline = timeoutMs > 0 ? _clock.NowMs + timeoutMs : long.MaxValue;
        while (!cancellation.IsCancellationRequested)
        {
            var left = deadline - _clock.NowMs;
            if (left <= 0)
                return null;
            var slice = (long)Math.Min(left, BlockingSlice.TotalMilliseconds);
            var job = await WaitOnAll(queues, slice, cancellation);
            if (job is not null)
                return job;
        }
        return null;
    }

    private async Task<Delivery?> WaitOnAll(string[] queues, long waitMs, CancellationToken cancellation)
    {
        var waiter = Guid.NewGuid();
        var stopping = 0;
        Task StopAll() => Interlocked.Exchange(ref stopping, 1) == 0
            ? Task.WhenAll(queues.Select(q => StopWaiting(q, waiter)))
            : Task.CompletedTask;
        using var onLeave = cancellation.Register(() => _ = StopAll());
        var waits = queues.Select(q => WaitOn(q, waitMs, waiter)).ToList();
        Delivery? winner = null;
        var extras = new List<Delivery>();
        while (waits.Count > 0)
        {
            var done = await Task.WhenAny(waits);
            waits.Remove(done);
            foreach (var delivery in await done)
            {
                if (winner is null && !cancellation.IsCancellationRequested)
                {
                    winner = delivery;
                    _ = StopAll();
                }
                else
                    extras.Add(delivery);
            }
        }
        // Taken in a race with the winner, or for a consumer that left: back to their queues, undelivered.
        await Task.WhenAll(extras.GroupBy(d => d.Queue).Select(g => Queue(g.Key).Return([.. g.Select(d => d.Job)])));
        return cancellation.IsCancellationRequested && winner is { } lost ? await GiveBack(lost) : winner;
    }

    private async Task<Delivery?> GiveBack(Delivery delivery)
    {
        await Queue(delivery.Queue).Return([delivery.Job]);
        return null;
    }

    private async Task StopWaiting(string queue, Guid waiter)
    {
        try
        {
            await Queue(queue).StopWaiting(waiter);
        }
        catch (Exception error)
        {
            _log.Log(ClusterView.Severity(error), error, "Stopping a wait on '{Queue}' failed", queue);
        }
    }

    private async Task<Delivery[]> WaitOn(string queue, long waitMs, Guid waiter)
    {
        try
        {
            return Deliveries(queue, await Queue(queue).Take(1, waitMs, waiter));
        }
        catch (Exception error)
        {
            // The queue's silo may be failing over: say so, and wait a moment before the next round asks again.
            _log.Log(ClusterView.Severity(error), error, "Waiting on '{Queue}' failed; asking again in {Pause} ms", queue, WaitRetryPause.TotalMilliseconds);
            await Task.Delay(WaitRetryPause, CancellationToken.None);
            return [];
        }
    }
}
