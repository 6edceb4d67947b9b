using Disque.Store;
using static Disque.Tests.Store.Records;

namespace Disque.Tests.Store;

/// <summary>One queue's part on a silo: waiting lines, needs of other silos, PAUSE versions, queue GC.</summary>
public sealed class QueuePartitionTests
{
    [Fact]
    public void Consumers_are_served_first_come_first_served_and_ended_waits_are_skipped()
    {
        var queue = new QueuePartition("q", 0);
        var (first, second, third) = (Wait(queue), Wait(queue), Wait(queue));
        first.End([]);
        Assert.Same(second, queue.FirstWaiter());
        second.End([]);
        Assert.Same(third, queue.FirstWaiter());
    }

    [Fact]
    public void A_waiter_on_several_queues_leaves_every_line_when_it_ends()
    {
        var (a, b) = (new QueuePartition("a", 0), new QueuePartition("b", 0));
        var waiter = new Waiter(Guid.NewGuid(), ["a", "b"], 1000);
        waiter.Places[0] = a.Waiters.AddLast(waiter);
        waiter.Places[1] = b.Waiters.AddLast(waiter);
        waiter.End([]);
        Assert.Empty(a.Waiters);
        Assert.Empty(b.Waiters);
    }

    [Fact]
    public void Silos_whose_consumers_wait_are_offered_jobs_in_turn_as_many_as_wait()
    {
        var queue = new QueuePartition("q", 0);
        var (x, y) = (Silo(10), Silo(11));
        queue.SetNeed(x, 1, 5000);
        queue.SetNeed(y, 2, 5000);
        var seen = new[] { queue.Needer(0)!.Value.Silo, queue.Needer(0)!.Value.Silo };
        Assert.Equal([x, y], seen.Order());
        queue.Offered(x, 1);
        Assert.Equal((y, 2), queue.Needer(0));
        Assert.Equal((y, 2), queue.Needer(0));
    }

    [Fact]
    public void A_need_lapses_unless_renewed()
    {
        var queue = new QueuePartition("q", 0);
        queue.SetNeed(Silo(10), 3, untilMs: 5000);
        Assert.NotNull(queue.Needer(4999));
        Assert.Null(queue.Needer(5000));
    }

    [Fact]
    public void Only_a_newer_PAUSE_state_is_taken()
    {
        var queue = new QueuePartition("q", 0);
        queue.SetPause(PauseState.In, 2);
        queue.SetPause(PauseState.None, 1);
        Assert.True(queue.PausedIn);
        queue.SetPause(PauseState.Out, 3);
        Assert.True(queue.PausedOut);
        Assert.False(queue.PausedIn);
    }

    [Fact]
    public void A_queue_is_evicted_only_empty_unpaused_unwaited_idle_and_holding_no_job()
    {
        var queue = new QueuePartition("q", 0);
        Assert.False(queue.MayBeEvicted(nowMs: 299_999, idleMs: 300_000, holdsJobs: false));
        Assert.True(queue.MayBeEvicted(nowMs: 300_000, idleMs: 300_000, holdsJobs: false));
        Assert.False(queue.MayBeEvicted(nowMs: 300_000, idleMs: 300_000, holdsJobs: true));
        queue.SetPause(PauseState.In, 1);
        Assert.False(queue.MayBeEvicted(nowMs: 300_000, idleMs: 300_000, holdsJobs: false));
        queue.SetPause(PauseState.None, 2);
        var waiter = Wait(queue);
        Assert.False(queue.MayBeEvicted(nowMs: 300_000, idleMs: 300_000, holdsJobs: false));
        waiter.End([]);
        queue.Jobs.Enqueue(Job(0));
        Assert.False(queue.MayBeEvicted(nowMs: 300_000, idleMs: 300_000, holdsJobs: false));
    }

    private static Waiter Wait(QueuePartition queue)
    {
        var waiter = new Waiter(Guid.NewGuid(), [queue.Name], 1000);
        waiter.Places[0] = queue.Waiters.AddLast(waiter);
        return waiter;
    }
}
