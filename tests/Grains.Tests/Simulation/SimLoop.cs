namespace Disque.Tests.Simulation;

/// <summary>
/// The deterministic event loop at the heart of a simulation (FoundationDB's Flow, in small).
/// Guarantees:
/// - events run one at a time, on the thread that runs the loop, in virtual-time order;
///   events due at the same time run in an order drawn from the seed, so one seed is one schedule;
/// - virtual time moves only when the loop takes the next event: never while an event runs;
/// - work that reaches the loop from any other thread (a continuation that escaped to the thread
///   pool, a <c>Task.Run</c> in node code) is recorded as a failure, never silently run.
/// The loop is also the simulation's clock (<see cref="TimeProvider"/>, in SimLoop.Time.cs).
/// </summary>
public sealed partial class SimLoop
{
    private readonly PriorityQueue<SimEvent, (long Time, long Tie, long Seq)> _events = new();
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private long _now;
    private long _seq;
    private ulong _traceHash = 14695981039346656037UL; // FNV-1a offset basis
    private Exception? _failure;
    private readonly (long Time, string Line)[] _recent = new (long, string)[RecentCount];
    private long _recorded;

    /// <summary>How many of the last events and trace lines <see cref="Recent"/> keeps.</summary>
    public const int RecentCount = 40;

    public SimLoop(int seed)
    {
        Seed = seed;
        Random = new Random(seed);
    }

    public int Seed { get; }

    /// <summary>The one source of randomness of a run: every choice the simulation makes is drawn here, on the loop's thread.</summary>
    public Random Random { get; }

    /// <summary>Virtual time since the start of the run.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(_now);

    /// <summary>Events run so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Events waiting (cancelled ones included until they come up).</summary>
    public int Pending => _events.Count;

    /// <summary>A hash of every event run so far (time, node and label) and of every <see cref="Trace"/> line: equal for equal schedules.</summary>
    public ulong TraceHash => _traceHash;

    /// <summary>The node whose work item runs now, or null between node turns.</summary>
    public SimNodeScheduler? CurrentNode { get; internal set; }

    /// <summary>The label of the event running now, or of the last one run (for failure messages).</summary>
    public string? LastEvent { get; private set; }

    /// <summary>The first failure reported (by node code, a timer callback, or a thread check); the runner throws it.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Runs <paramref name="action"/> as an event <paramref name="delay"/> from now; ties with other events are broken by the seed.</summary>
    public SimEvent Schedule(TimeSpan delay, string label, Action action)
    {
        AssertOnLoop(label);
        var due = _now + Math.Max(0, delay.Ticks);
        var ev = new SimEvent(due, label, action);
        _events.Enqueue(ev, (due, Random.NextInt64(), _seq++));
        return ev;
    }

    /// <summary>Runs the next event that is not cancelled; false when none is left.</summary>
    public bool RunNext()
    {
        AssertOnLoop("RunNext");
        while (_events.TryDequeue(out var ev, out _))
        {
            if (ev.Cancelled)
                continue;
            _now = ev.Due;
            Steps++;
            LastEvent = ev.Label;
            Mix(ev.Due);
            Mix(ev.Label);
            Remember(ev.Label);
            // With a context (xunit's, a UI's) an await would post there, not to the node's scheduler.
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                ev.Action();
            }
            catch (Exception e)
            {
                ReportFailure(e);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
                CurrentNode = null;
            }
            return true;
        }
        return false;
    }

    /// <summary>The time of the next event that is not cancelled, or null.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            while (_events.TryPeek(out var ev, out _))
            {
                if (!ev.Cancelled)
                    return TimeSpan.FromTicks(ev.Due);
                _events.Dequeue();
            }
            return null;
        }
    }

    /// <summary>Adds a line to the trace hash: tests trace what their protocol decided, so a changed decision changes the hash.</summary>
    public void Trace(string line)
    {
        AssertOnLoop("Trace");
        Mix(line);
        Remember("  " + line);
    }

    /// <summary>The last events run and lines traced, oldest first, one a line with its virtual time: what a failure message shows.</summary>
    public IEnumerable<string> Recent()
    {
        for (var i = Math.Max(0, _recorded - RecentCount); i < _recorded; i++)
        {
            var (time, line) = _recent[i % RecentCount];
            yield return $"{TimeSpan.FromTicks(time).TotalSeconds,12:0.000000} {line}";
        }
    }

    /// <summary>Hears every event and trace line as it happens (to debug one seed: set it in the setup, print it).</summary>
    public Action<string>? Listener { get; set; }

    private void Remember(string line)
    {
        _recent[_recorded++ % RecentCount] = (_now, line);
        Listener?.Invoke($"{Now.TotalSeconds,12:0.000000} {line}");
    }

    /// <summary>Records a failure; the runner stops after the current event and throws it (the first one wins).</summary>
    public void ReportFailure(Exception e) => Interlocked.CompareExchange(ref _failure, e, null);

    /// <summary>Throws, and records a failure, when called from a thread other than the loop's: node work escaped the simulation.</summary>
    public void AssertOnLoop(string what)
    {
        if (Environment.CurrentManagedThreadId == _thread)
            return;
        var e = new SimulationEscapeException(
            $"'{what}' reached the simulation from thread {Environment.CurrentManagedThreadId}, not the loop's " +
            $"thread {_thread}: some node work ran outside the loop (ConfigureAwait(false) behind an asynchronous " +
            "completion, Task.Run, a real timer or the thread pool).");
        ReportFailure(e);
        throw e;
    }

    private void Mix(long value)
    {
        for (var i = 0; i < 8; i++, value >>= 8)
            _traceHash = (_traceHash ^ (byte)value) * 1099511628211UL;
    }

    private void Mix(string text)
    {
        foreach (var c in text)
            _traceHash = (_traceHash ^ c) * 1099511628211UL;
        _traceHash = (_traceHash ^ 0xFF) * 1099511628211UL;
    }
}

/// <summary>One event of the loop: an action due at a virtual time. Cancel it to skip it.</summary>
public sealed class SimEvent(long due, string label, Action action)
{
    public long Due { get; } = due;
    public string Label { get; } = label;
    internal Action Action { get; } = action;
    public bool Cancelled { get; private set; }
    public void Cancel() => Cancelled = true;
}

/// <summary>Node work ran on a thread other than the loop's.</summary>
public sealed class SimulationEscapeException(string message) : Exception(message);
