using CsCheck;
using Disque.Domain;

namespace Disque.Tests.Domain;

/// <summary>Ours, beyond Disque: a silo serves its most urgent queued job first, FIFO within a priority.</summary>
public class PriorityQueueingTests
{
    private static readonly JobIdGenerator Ids = new(1);

    private sealed record Entry(JobId Id, long CTime, int Priority) : IQueuedJob;

    /// <summary>A new job; CsCheck runs samples on several threads at once, and the id maker is not thread-safe.</summary>
    private static Entry Job(long ctime, int priority = 0)
    {
        lock (Ids)
            return new(Ids.Next(60, 1), ctime, priority);
    }

    [Fact]
    public void Urgent_jobs_go_first_then_the_rest_in_creation_order()
    {
        var queue = new JobQueue<Entry>();
        var (plain1, low, plain2, high, low2) = (Job(1), Job(2, 1), Job(3), Job(4, 9), Job(5, 1));
        foreach (var job in new[] { plain1, low, plain2, high, low2 })
            queue.Enqueue(job);

        Assert.Equal([high, low, low2, plain1, plain2], queue.Oldest());
        Assert.Equal([plain2, plain1, low2, low, high], queue.Newest());
        Assert.Equal([high, low, low2, plain1, plain2], Drain(queue));
    }

    [Fact]
    public void An_urgent_job_removed_is_gone_and_the_count_follows()
    {
        var queue = new JobQueue<Entry>();
        var (a, b) = (Job(1, 5), Job(2));
        queue.Enqueue(a);
        queue.Enqueue(b);

        Assert.True(queue.Remove(a.Id));
        Assert.Equal(1, queue.Count);
        Assert.Same(b, queue.Dequeue());
        Assert.Null(queue.Dequeue());
    }

    [Fact]
    public void Whatever_the_mix_the_queue_serves_by_priority_then_ctime_then_id()
    {
        Gen.Select(Gen.Long[0, 50], Gen.Int[0, 3]).List[0, 60].Sample(jobs =>
        {
            var queue = new JobQueue<Entry>();
            var entries = jobs.Select(j => Job(j.Item1, j.Item2)).ToList();
            foreach (var entry in entries)
                queue.Enqueue(entry);
            var expected = entries.OrderByDescending(e => e.Priority).ThenBy(e => e.CTime).ThenBy(e => e.Id).ToList();
            return Drain(queue).SequenceEqual(expected);
        });
    }

    private static List<Entry> Drain(JobQueue<Entry> queue)
    {
        var taken = new List<Entry>();
        while (queue.Dequeue() is { } job)
            taken.Add(job);
        return taken;
    }
}

/// <summary>Ours: the back-off's arithmetic, its bounds and its jitter.</summary>
public class BackoffTests
{
    [Fact]
    public void Each_failure_doubles_the_wait_up_to_the_cap()
    {
        var backoff = new Backoff(2, 30);

        Assert.Equal([2_000, 4_000, 8_000, 16_000, 30_000, 30_000], Enumerable.Range(1, 6).Select(backoff.CeilingMs));
        Assert.Equal(30_000, backoff.CeilingMs(int.MaxValue));
    }

    [Fact]
    public void Jitter_lands_the_wait_between_half_and_all_of_it()
    {
        var backoff = new Backoff(10, 10);

        Assert.Equal(5_000, backoff.DelayMs(1, 0));
        Assert.Equal(10_000, backoff.DelayMs(1, 1));
        Gen.Double[0, 0.999999].Select(Gen.Int[1, 100]).Sample((jitter, failures) =>
            backoff.DelayMs(failures, jitter) is >= 5_000 and <= 10_000);
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(0, 1, false)]
    [InlineData(5, 4, false)]
    [InlineData(1, Backoff.MaxSeconds + 1, false)]
    public void A_backoff_needs_a_base_of_a_second_and_a_cap_not_below_it(long baseSeconds, long cap, bool valid) =>
        Assert.Equal(valid, new Backoff(baseSeconds, cap).IsValid);
}
