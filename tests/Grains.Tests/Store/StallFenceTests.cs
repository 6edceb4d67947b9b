using Disque.Store;
using Microsoft.Extensions.Time.Testing;

namespace Disque.Tests.Store;

/// <summary>
/// Issue 18, finding 5: the stall fence holds a silo's deliveries only after a stall as long as
/// membership needs to declare it dead, never after a tick a busy silo ran a little late.
/// </summary>
public sealed class StallFenceTests
{
    /// <summary>Orleans' defaults: 3 missed probes of 5 s.</summary>
    private static readonly TimeSpan DefaultMembership = TimeSpan.FromSeconds(15);

    /// <summary>Fast failure detection (Disque:FastFailureDetection): 2 missed probes of 1 s.</summary>
    private static readonly TimeSpan FastMembership = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_tick_2_s_late_holds_nothing_under_default_membership()
    {
        var time = new FakeTimeProvider();
        var fence = StallFence.For(time, DefaultMembership);

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(fence.Holds);
        Assert.False(fence.Ticked());
    }

    [Theory]
    [InlineData(15, 5)]
    [InlineData(2, 2)]
    public void A_stall_as_long_as_membership_needs_holds_for_at_most_5_s(int declareDeadAfterSeconds, int holdSeconds)
    {
        var time = new FakeTimeProvider();
        var fence = StallFence.For(time, TimeSpan.FromSeconds(declareDeadAfterSeconds));

        time.Advance(TimeSpan.FromSeconds(declareDeadAfterSeconds) + TimeSpan.FromMilliseconds(100));

        Assert.True(fence.Holds); // before its tick runs: no job handed out meanwhile
        Assert.True(fence.Ticked());
        TickFor(fence, time, TimeSpan.FromSeconds(holdSeconds) - TimeSpan.FromMilliseconds(100));
        Assert.True(fence.Holds);
        TickFor(fence, time, TimeSpan.FromMilliseconds(200));
        Assert.False(fence.Holds);
        Assert.True(fence.Released());
    }

    /// <summary>The store's tick on time (every 100 ms) for <paramref name="span"/>: none of them a stall.</summary>
    private static void TickFor(StallFence fence, FakeTimeProvider time, TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromMilliseconds(100))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.False(fence.Ticked());
        }
    }

    [Fact]
    public void Under_fast_membership_a_tick_just_under_2_s_late_holds_nothing()
    {
        var time = new FakeTimeProvider();
        var fence = StallFence.For(time, FastMembership);

        time.Advance(TimeSpan.FromMilliseconds(1900));

        Assert.False(fence.Ticked());
        Assert.False(fence.Holds);
    }
}
