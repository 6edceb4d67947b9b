using Disque.Domain;

namespace Disque.Tests.Domain;

public class JobQueueTests
{
    private static readonly JobIdGenerator Ids = new(1);

    private sealed record Entry(JobId Id, long CTime) : IQueuedJob;

    private static Entry Job(long ctime) => new(Ids.Next(60, 1), ctime);

    [Fact]
    public void Jobs_come_out_in_creation_order_even_when_requeued()
    {
        var queue = new JobQueue<Entry>();
        var (a, b, c) = (Job(1), Job(2), Job(3));
        queue.Enqueue(a);
        queue.Enqueue(b);
        queue.Enqueue(c);
        Assert.Same(a, queue.Dequeue());
        Assert.Same(b, queue.Dequeue());

        // a comes back (RETRY or NACK): it keeps its ctime, so it goes ahead of c.
        queue.Enqueue(a);

        Assert.Same(a, queue.Dequeue());
        Assert.Same(c, queue.Dequeue());
        Assert.Null(queue.Dequeue());
    }

    [Fact]
    public void A_job_is_queued_once()
    {
        var queue = new JobQueue<Entry>();
        var a = Job(1);

        Assert.True(queue.Enqueue(a));
        Assert.False(queue.Enqueue(a));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Removed_jobs_are_skipped_and_counted_out()
    {
        var queue = new JobQueue<Entry>();
        var jobs = Enumerable.Range(1, 5).Select(i => Job(i)).ToList();
        jobs.ForEach(j => queue.Enqueue(j));

        Assert.True(queue.Remove(jobs[0].Id));
        Assert.True(queue.Remove(jobs[2].Id));
        Assert.False(queue.Remove(jobs[2].Id));

        Assert.Equal(3, queue.Count);
        Assert.Equal([jobs[1], jobs[3], jobs[4]], queue.Oldest());
        Assert.Equal([jobs[4], jobs[3], jobs[1]], queue.Newest());
        Assert.Same(jobs[1], queue.Dequeue());
    }

    [Fact]
    public void Peeking_merges_requeued_jobs_in_order()
    {
        var queue = new JobQueue<Entry>();
        var (a, b, c, d) = (Job(1), Job(2), Job(3), Job(4));
        queue.Enqueue(b);
        queue.Enqueue(d);
        queue.Enqueue(a); // early
        queue.Enqueue(c); // early

        Assert.Equal([a, b, c, d], queue.Oldest());
        Assert.Equal([d, c, b, a], queue.Newest());
    }

    [Fact]
    public void A_job_queued_again_after_removal_is_live_once()
    {
        var queue = new JobQueue<Entry>();
        var a = Job(1);
        var b = Job(2);
        queue.Enqueue(a);
        queue.Enqueue(b);
        queue.Remove(a.Id);
        var again = new Entry(a.Id, 5);
        queue.Enqueue(again);

        Assert.Same(b, queue.Dequeue());
        Assert.Same(again, queue.Dequeue());
        Assert.Null(queue.Dequeue());
    }

    [Fact]
    public void The_same_job_removed_and_queued_again_comes_out_once()
    {
        var queue = new JobQueue<Entry>();
        var (a, b) = (Job(1), Job(2));
        queue.Enqueue(a);
        queue.Enqueue(b);
        queue.Remove(a.Id);
        // The same object again: its old slot is stale, though it is the same job.
        queue.Enqueue(a);

        Assert.Same(a, queue.Dequeue());
        Assert.Same(b, queue.Dequeue());
        Assert.Null(queue.Dequeue());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Many_removals_do_not_keep_memory()
    {
        var queue = new JobQueue<Entry>();
        var jobs = Enumerable.Range(1, 10_000).Select(i => Job(i)).ToList();
        jobs.ForEach(j => queue.Enqueue(j));
        foreach (var job in jobs.Take(9_990))
            queue.Remove(job.Id);

        Assert.Equal(10, queue.Count);
        Assert.Equal(jobs.Skip(9_990), queue.Oldest());
    }
}
