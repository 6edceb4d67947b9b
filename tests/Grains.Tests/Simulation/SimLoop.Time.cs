namespace Disque.Tests.Simulation;

/// <summary>
/// The loop as the simulation's clock. Guarantees:
/// - <see cref="GetUtcNow"/> and <see cref="GetTimestamp"/> read virtual time, which moves only
///   between events, so code that reads the clock twice in one turn sees no time pass;
/// - every timer (<c>Task.Delay(d, time)</c>, <c>new CancellationTokenSource(d, time)</c>,
///   <c>task.WaitAsync(t, time)</c>, <c>time.CreateTimer</c>) is a loop event at its virtual due time;
/// - a timer made during a node's turn fires as a work item of that node incarnation, so its
///   callback runs in the node's turn, and never once the node has crashed.
/// </summary>
public sealed partial class SimLoop : TimeProvider
{
    /// <summary>What <see cref="GetUtcNow"/> says at virtual time zero.</summary>
    public static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        AssertOnLoop("GetUtcNow");
        return Epoch + Now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        AssertOnLoop("GetTimestamp");
        return _now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        AssertOnLoop("CreateTimer");
        var timer = new SimTimer(this, CurrentNode, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class SimTimer(SimLoop loop, SimNodeScheduler? owner, TimerCallback callback, object? state) : ITimer
    {
        private SimEvent? _next;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            loop.AssertOnLoop("ITimer.Change");
            if (_disposed)
                return false;
            _next?.Cancel();
            _next = null;
            _period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
                Arm(dueTime);
            return true;
        }

        private void Arm(TimeSpan due) =>
            _next = loop.Schedule(due, owner is null ? "timer" : $"timer@{owner.Address}", Fire);

        private void Fire()
        {
            _next = null;
            if (owner is { IsDead: true })
                return;
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
                Arm(_period);
            if (owner is null)
                callback(state);
            else
                owner.Run("timer callback", () => callback(state));
        }

        public void Dispose()
        {
            _disposed = true;
            _next?.Cancel();
            _next = null;
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
