namespace Disque.Store;

/// <summary>
/// A store that stood still (its process paused, SIGSTOP, a long GC) may have been declared
/// dead meanwhile, and the others may have taken its jobs over and handed them out; until its
/// membership view catches up, it does not know. So after standing still longer than
/// <see cref="StallAfter"/> (its tick came that late; no shorter than membership needs to declare
/// a silo dead), it hands out no job for <see cref="HoldFor"/>: time for membership to tell it, should it be dead, before any of
/// its consumers gets a job another silo may also have handed out, and it answers no ACK
/// (which would promise a job gone that another silo took over). Measured on the time
/// calls wait by (real time in a silo), not on job time.
/// A late tick on a busy silo is not told from a pause, on purpose: a silo whose thread pool is
/// starved answers membership's probes late too, so the others may declare it dead just as if
/// it had been stopped (a heartbeat on a thread of its own would call it alive then). What keeps
/// a busy silo from holding is the threshold: Orleans' defaults declare a silo dead after 3
/// missed probes of 5 s, so only a tick 15 s late holds (for 5 s); with fast failure detection
/// (2 probes of 1 s) a tick 2 s late holds for 2 s, as it could have been declared dead by then.
/// </summary>
internal sealed class StallFence(TimeProvider time, TimeSpan stallAfter, TimeSpan holdFor)
{
    /// <summary>
    /// The fence for a silo whose membership declares a silo dead after <paramref name="declareDeadAfter"/> of
    /// silence at the soonest: a shorter stall needs none (nobody could have declared it dead), and the hold
    /// lasts as long, at most 5 s (membership's news reaches a silo that runs again within a few seconds).
    /// </summary>
    public static StallFence For(TimeProvider time, TimeSpan declareDeadAfter)
    {
        var stall = declareDeadAfter > MinStall ? declareDeadAfter : MinStall;
        return new StallFence(time, stall, stall < MaxHold ? stall : MaxHold);
    }

    /// <summary>Ten ticks missed at the least: longer than any turn the store takes.</summary>
    private static readonly TimeSpan MinStall = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(5);

    public TimeSpan StallAfter => stallAfter;

    public TimeSpan HoldFor => holdFor;

    private long _lastTick = time.GetTimestamp();
    private long _holdUntil;

    /// <summary>
    /// On every tick: true when the store stood still since the last one (and holds its jobs from now on).
    /// <paramref name="slower"/>: how much later than the fast pace the tick was due (<see cref="TickPace"/>).
    /// </summary>
    public bool Ticked(TimeSpan slower = default)
    {
        var now = time.GetTimestamp();
        var stalled = time.GetElapsedTime(_lastTick, now) > StallAfter + slower;
        _lastTick = now;
        if (stalled)
            _holdUntil = now + (long)(HoldFor.TotalSeconds * time.TimestampFrequency);
        return stalled;
    }

    /// <summary>No job is handed out now: the store is holding after a stall, or stands still since its last tick (the tick has not run yet).</summary>
    public bool Holds
    {
        get
        {
            var now = time.GetTimestamp();
            return now < _holdUntil || time.GetElapsedTime(_lastTick, now) > StallAfter;
        }
    }

    /// <summary>
    /// Until the store no longer holds: an ACK waits here rather than answer from a silo that
    /// may be dead (it would promise the job gone while another silo took it over). A silo that
    /// learns it is dead meanwhile stops, and the ACK goes to another.
    /// </summary>
    public Task Passed() => Passed(static () => false);

    /// <summary>As <see cref="Passed()"/>, while <paramref name="spent"/> allows: false when the hold outlasted it.</summary>
    public async Task<bool> Passed(Func<bool> spent)
    {
        while (Holds)
        {
            if (spent())
                return false;
            await Task.Delay(Poll, time);
        }
        return true;
    }

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>True once, on the first tick after a hold ended: the consumers waiting meanwhile are served then.</summary>
    public bool Released()
    {
        if (_holdUntil == 0 || time.GetTimestamp() < _holdUntil)
            return false;
        _holdUntil = 0;
        return true;
    }
}
