namespace Disque.Store;

/// <summary>
/// How often a store's tick runs (issue 20: an idle gateway uses at most 1% of a core). Every
/// <see cref="Fast"/> while the store holds anything the tick times (jobs: DELAY, RETRY, TTL;
/// blocked consumers and waits on jobs: their timeouts; a recovery to try again); every
/// <see cref="Idle"/> while it holds none, so an idle silo's stores wake five times less.
/// Invariants: changed only on the store's turn; the first job, blocked consumer or wait brings
/// the fast pace back on the turn that brought it (<see cref="Busy"/>), so a deadline is never
/// timed by the idle pace; the stall fence allows for the idle pace's longer gap.
/// </summary>
internal sealed class TickPace
{
    public static readonly TimeSpan Fast = StoreCore.TickPeriod;
    public static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    private Action<TimeSpan>? _set;

    public TimeSpan Period { get; private set; } = Fast;

    /// <summary>The tick's timer, told each new period (its next tick comes one period from now).</summary>
    public void Attach(Action<TimeSpan> set) => _set = set;

    /// <summary>After each tick: idle or not now.</summary>
    public void Ticked(bool idle) => Set(idle ? Idle : Fast);

    /// <summary>Something the tick times arrived: the fast pace from now on.</summary>
    public void Busy()
    {
        if (Period != Fast)
            Set(Fast);
    }

    private void Set(TimeSpan period)
    {
        if (period == Period)
            return;
        Period = period;
        _set?.Invoke(period);
    }
}
