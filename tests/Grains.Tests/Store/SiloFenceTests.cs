using Disque.Store;

namespace Disque.Tests.Store;

/// <summary><see cref="SiloFence"/>: the silos a recovery named dead are fenced off until their time, the later fence standing.</summary>
public sealed class SiloFenceTests
{
    [Fact]
    public void A_named_silo_is_fenced_until_its_time_and_no_other_is()
    {
        var fence = new SiloFence();
        fence.Raise(Records.Silo(1), untilMs: 2_000);

        Assert.True(fence.Holds(Records.Silo(1), 1_999));
        Assert.False(fence.Holds(Records.Silo(2), 1_000));
        Assert.False(fence.Holds(Records.Silo(1), 2_000));
        fence.Expire(2_000);
        Assert.Equal(0, fence.Count);
    }

    [Fact]
    public void The_later_of_two_fences_stands()
    {
        var fence = new SiloFence();
        fence.Raise(Records.Silo(1), untilMs: 5_000);
        fence.Raise(Records.Silo(1), untilMs: 3_000);
        fence.Expire(4_000);

        Assert.True(fence.Holds(Records.Silo(1), 4_000));
        fence.Raise(Records.Silo(1), untilMs: 9_000);
        Assert.True(fence.Holds(Records.Silo(1), 8_000));
    }
}
