using System.Collections.Concurrent;
using System.Diagnostics;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// What producers and workers share: the clock and its measurement window, how many
/// jobs may still be sent, the counters, and the flags that end the run.
/// </summary>
public sealed class CycleState
{
    private readonly long _budget;
    private readonly long _maxBacklog;
    private long _taken;
    private long _sent;
    private long _rejected;
    private long _acked;

    /// <param name="warmup">time before the window opens: not counted</param>
    /// <param name="window">how long the window stays open; null: until the run ends</param>
    /// <param name="budget">jobs to send in all; 0: no limit</param>
    /// <param name="maxBacklog">producers wait while more jobs than this are sent and not yet acked; 0: no limit</param>
    public CycleState(TimeSpan warmup, TimeSpan? window, long budget, long maxBacklog)
    {
        Start = Stopwatch.GetTimestamp();
        WindowStart = Start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        WindowEnd = window is { } w ? WindowStart + (long)(w.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _budget = budget;
        _maxBacklog = maxBacklog;
    }

    public long Start { get; }

    public long WindowStart { get; }

    public long WindowEnd { get; }

    /// <summary>Set when producers must send no more.</summary>
    public bool StopProducing { get; set; }

    /// <summary>Set once every producer had its last reply: workers then drain the queue without waiting.</summary>
    public bool ProducersDone { get; set; }

    public long Sent => Interlocked.Read(ref _sent);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Acked => Interlocked.Read(ref _acked);

    public long AddedInWindow;

    public long AckedInWindow;

    public ConcurrentDictionary<string, long> Errors { get; } = new();

    public bool InWindow(long timestamp) => timestamp >= WindowStart && timestamp < WindowEnd;

    /// <summary>Up to <paramref name="wanted"/> jobs this producer may send now.</summary>
    public int Take(int wanted)
    {
        if (_budget <= 0)
            return wanted;
        var after = Interlocked.Add(ref _taken, wanted);
        var granted = wanted - (int)Math.Max(0, after - _budget);
        return Math.Max(0, granted);
    }

    public async ValueTask WaitForBacklogRoom()
    {
        while (_maxBacklog > 0 && Sent - Rejected - Acked > _maxBacklog && !StopProducing)
            await Task.Delay(1);
    }

    public void JobsSent(int count) => Interlocked.Add(ref _sent, count);

    public void JobsAcked(int count, long now)
    {
        Interlocked.Add(ref _acked, count);
        if (InWindow(now))
            Interlocked.Add(ref AckedInWindow, count);
    }

    public void Error(string command, string? text)
    {
        if (command == "ADDJOB")
            Interlocked.Increment(ref _rejected);
        var key = command + " -" + (text ?? "").Split(' ')[0];
        Errors.AddOrUpdate(key, 1, (_, n) => n + 1);
    }
}
