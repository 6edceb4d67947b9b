using Disque.Store;

namespace Disque.Tests.Store;

/// <summary><see cref="TickPace"/>: an idle store ticks every 500 ms, and the first work brings back 100 ms at once.</summary>
public sealed class TickPaceTests
{
    [Fact]
    public void The_pace_slows_when_idle_and_is_fast_again_on_the_first_work_telling_the_timer_each_change_once()
    {
        var pace = new TickPace();
        var told = new List<TimeSpan>();
        pace.Attach(told.Add);

        pace.Ticked(idle: false);
        Assert.Empty(told);
        pace.Ticked(idle: true);
        pace.Ticked(idle: true);
        Assert.Equal([TickPace.Idle], told);
        Assert.Equal(TickPace.Idle, pace.Period);

        pace.Busy();
        pace.Busy();
        Assert.Equal([TickPace.Idle, TickPace.Fast], told);
        Assert.Equal(TickPace.Fast, pace.Period);
    }

    [Fact]
    public void The_stall_fence_allows_for_the_idle_pace()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var fence = new StallFence(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromMilliseconds(1300));
        Assert.False(fence.Ticked(TickPace.Idle - TickPace.Fast));
        time.Advance(TimeSpan.FromMilliseconds(1300));
        Assert.True(fence.Ticked());
    }
}
