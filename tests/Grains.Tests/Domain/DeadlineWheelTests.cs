using Disque.Domain;

namespace Disque.Tests.Domain;

public class DeadlineWheelTests
{
    private sealed class Item(string name) : Scheduled
    {
        public override string ToString() => name;
    }

    [Fact]
    public void Items_come_out_at_or_after_their_time_never_before()
    {
        var wheel = new DeadlineWheel<Item>(resolutionMs: 100);
        var a = new Item("a");
        wheel.Schedule(a, 1050);
        var due = new List<Item>();

        wheel.TakeDue(1099, due);
        Assert.Empty(due);

        wheel.TakeDue(1100, due);
        Assert.Equal([a], due);
        Assert.False(a.IsScheduled);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Cancel_and_reschedule_leave_nothing_behind()
    {
        var wheel = new DeadlineWheel<Item>(100);
        var items = Enumerable.Range(0, 10).Select(i => new Item(i.ToString())).ToList();
        foreach (var item in items)
            wheel.Schedule(item, 500);
        wheel.Cancel(items[0]); // a bucket's head
        wheel.Cancel(items[9]); // its tail
        wheel.Cancel(items[5]); // the middle
        wheel.Schedule(items[1], 10_000);

        var due = new List<Item>();
        wheel.TakeDue(1000, due);
        Assert.Equal(["2", "3", "4", "6", "7", "8"], due.Select(i => i.ToString()).Order());
        Assert.Equal(1, wheel.Count);
        Assert.Equal(10_000, wheel.NextDueMs);

        wheel.Cancel(items[1]);
        Assert.Equal(0, wheel.Count);
        Assert.Null(wheel.NextDueMs);
    }

    [Fact]
    public void Takes_every_bucket_that_has_come_in_time_order()
    {
        var wheel = new DeadlineWheel<Item>(100);
        var late = new Item("late");
        var early = new Item("early");
        wheel.Schedule(late, 900);
        wheel.Schedule(early, 200);

        var due = new List<Item>();
        wheel.TakeDue(5000, due);

        Assert.Equal([early, late], due);
    }
}
