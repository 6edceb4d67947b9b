using CsCheck;
using Disque.Domain;

namespace Disque.Tests.Domain;

/// <summary>Ours, beyond Disque: a group's jobs in order, at most its limit active, groups in turn.</summary>
public class GroupTableTests
{
    private static readonly JobIdGenerator Ids = new(1);

    private sealed record Entry(JobId Id, long CTime, string Group) : IQueuedJob;

    private static long _ctime;

    /// <summary>A new job; CsCheck runs samples on several threads at once, and the id maker is not thread-safe.</summary>
    private static Entry Job(string group)
    {
        lock (Ids)
            return new(Ids.Next(60, 1), Interlocked.Increment(ref _ctime), group);
    }

    private static Entry Add(GroupTable<Entry> table, string group, int limit = 1)
    {
        var job = Job(group);
        Assert.True(table.Enqueue(job, group, limit));
        return job;
    }

    [Fact]
    public void A_group_hands_out_its_jobs_in_order_one_at_a_time()
    {
        var table = new GroupTable<Entry>();
        var (a, b, c) = (Add(table, "g"), Add(table, "g"), Add(table, "g"));

        Assert.Same(a, table.Dequeue());
        Assert.Null(table.Dequeue()); // the limit, 1, is reached
        Assert.True(table.End(a.Id));
        Assert.Same(b, table.Dequeue());
        Assert.True(table.End(b.Id));
        Assert.Same(c, table.Dequeue());
        Assert.Equal(0, table.Queued);
        Assert.Equal(1, table.Active);
    }

    [Fact]
    public void A_job_queued_again_goes_before_the_later_ones_and_stops_being_active()
    {
        var table = new GroupTable<Entry>();
        var (a, b) = (Add(table, "g"), Add(table, "g"));
        Assert.Same(a, table.Dequeue());

        Assert.True(table.Enqueue(a, "g", 1)); // RETRY or NACK

        Assert.False(table.IsActive(a.Id));
        Assert.Same(a, table.Dequeue());
        Assert.True(table.End(a.Id));
        Assert.Same(b, table.Dequeue());
    }

    [Fact]
    public void A_limit_above_one_lets_that_many_run_and_the_newest_job_sets_it()
    {
        var table = new GroupTable<Entry>();
        var jobs = Enumerable.Range(0, 5).Select(_ => Add(table, "g", limit: 3)).ToList();

        Assert.Equal(jobs[..3], [table.Dequeue()!, table.Dequeue()!, table.Dequeue()!]);
        Assert.Null(table.Dequeue());
        Add(table, "g", limit: 4);
        Assert.Same(jobs[3], table.Dequeue());
        Assert.Null(table.Dequeue());
        Assert.Equal(new GroupCount("g", 2, 4, 4), Assert.Single(table.Counts()));
    }

    [Fact]
    public void Groups_take_turns()
    {
        var table = new GroupTable<Entry>();
        var big = Enumerable.Range(0, 5).Select(_ => Add(table, "big", limit: 100)).ToList();
        var small = Add(table, "small", limit: 100);
        var other = Add(table, "other", limit: 100);

        Assert.Equal([big[0], small, other, big[1], big[2]], Enumerable.Range(0, 5).Select(_ => table.Dequeue()!));
    }

    [Fact]
    public void Each_ending_frees_the_place_and_an_idle_group_is_forgotten()
    {
        var table = new GroupTable<Entry>();
        var a = Add(table, "g");
        var b = Add(table, "g");
        Assert.Same(a, table.Dequeue());

        Assert.False(table.End(Job("g").Id)); // not active: nothing changes
        Assert.True(table.Remove(b.Id, "g")); // b acked or dequeued while queued
        Assert.False(table.Remove(b.Id, "g"));
        Assert.False(table.End(a.Id)); // nothing left to serve
        Assert.Equal(0, table.Groups);
        Assert.Empty(table.Counts());
    }

    [Fact]
    public void A_job_held_after_a_takeover_counts_against_the_limit_until_pruned()
    {
        var table = new GroupTable<Entry>();
        var adopted = Job("g");
        table.Hold(adopted, "g", 1);
        var next = Add(table, "g");

        Assert.Null(table.Dequeue());
        Assert.True(table.Prune(job => job != adopted));
        Assert.Same(next, table.Dequeue());
    }

    /// <summary>
    /// The fairness case at the rule's level: one group of 10,000 jobs and 10 groups of 10, each
    /// limit 1, 4 workers that finish in turn: the small groups' 100 jobs all go within 200 deliveries.
    /// </summary>
    [Fact]
    public void A_big_group_does_not_hold_up_small_ones()
    {
        var table = new GroupTable<Entry>();
        for (var i = 0; i < 10_000; i++)
            Add(table, "big");
        for (var i = 0; i < 10 * 10; i++)
            Add(table, "small-" + (i % 10));
        var working = new Queue<Entry>();
        var deliveries = 0;
        var smallDone = 0;
        while (smallDone < 100)
        {
            while (working.Count < 4 && table.Dequeue() is { } job)
            {
                deliveries++;
                working.Enqueue(job);
            }
            var done = working.Dequeue();
            table.End(done.Id);
            smallDone += done.Group == "big" ? 0 : 1;
        }
        Assert.InRange(deliveries, 100, 200);
    }

    /// <summary>Random operations against a model: never over a limit, each group in order, every queued job counted once.</summary>
    [Fact]
    public void Never_over_the_limit_and_always_in_order()
    {
        Gen.Int[0, 3].Select(Gen.Int[0, 2]).Array[1, 200].Sample(ops =>
        {
            var table = new GroupTable<Entry>();
            var groups = new[] { "a", "b", "c" };
            var active = new List<Entry>();
            var lastTaken = new Dictionary<string, long>();
            foreach (var (op, g) in ops)
            {
                switch (op)
                {
                    case 0:
                        Add(table, groups[g], limit: 2);
                        break;
                    case 1 when table.Dequeue() is { } job:
                        Assert.True(job.CTime > lastTaken.GetValueOrDefault(job.Group), "a group's jobs go in order");
                        lastTaken[job.Group] = job.CTime;
                        active.Add(job);
                        Assert.True(active.Count(j => j.Group == job.Group) <= 2, "over the limit");
                        break;
                    case 2 when active.Count > 0:
                        var ended = active[g % active.Count];
                        active.Remove(ended);
                        table.End(ended.Id);
                        break;
                }
                Assert.Equal(active.Count, table.Active);
                Assert.Equal(table.Queued, table.Counts().Sum(c => c.Waiting));
                Assert.Equal(table.HasReady, table.Counts().Any(c => c.Waiting > 0 && c.Active < c.Limit));
            }
        });
    }
}
