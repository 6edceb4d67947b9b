using Disque.Store;

namespace Disque.Tests.Store;

/// <summary><see cref="RecentEnds"/>: how the last jobs only this silo held ended, the oldest forgotten first, never more than its capacity.</summary>
public sealed class RecentEndsTests
{
    private static JobId Id(int n)
    {
        var random = new byte[18];
        BitConverter.GetBytes(n).CopyTo(random, 0);
        return new JobId(0x12345678, random, 5);
    }

    [Fact]
    public void It_keeps_the_last_ends_up_to_its_capacity_and_forgets_the_oldest_first()
    {
        var ends = new RecentEnds();
        ends.Add(Id(0), JobEnd.Deleted);
        for (var n = 1; n <= RecentEnds.Capacity; n++)
            ends.Add(Id(n), JobEnd.Acked);

        Assert.Equal(RecentEnds.Capacity, ends.Count);
        Assert.Null(ends.EndOf(Id(0)));
        Assert.Equal(JobEnd.Acked, ends.EndOf(Id(1)));
        Assert.Equal(JobEnd.Acked, ends.EndOf(Id(RecentEnds.Capacity)));

        ends.Add(Id(1), JobEnd.Deleted); // known already: the first word stands
        Assert.Equal(JobEnd.Acked, ends.EndOf(Id(1)));
    }
}
