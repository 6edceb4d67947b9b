using System.Collections.Concurrent;

namespace Disque.Gateway.Monitoring;

/// <summary>INFO commandstats: calls and microseconds of each command since the start or CONFIG RESETSTAT.</summary>
public sealed class CommandStats
{
    private sealed class Counter
    {
        public long Calls;
        public long Microseconds;
    }

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public void Record(string command, long microseconds)
    {
        var counter = _counters.GetOrAdd(command, static _ => new Counter());
        Interlocked.Increment(ref counter.Calls);
        Interlocked.Add(ref counter.Microseconds, microseconds);
    }

    /// <summary>The commands called at least once: name, calls, microseconds.</summary>
    public (long Calls, long Microseconds)? Of(string command) =>
        _counters.TryGetValue(command, out var c) && Interlocked.Read(ref c.Calls) > 0 ? (Interlocked.Read(ref c.Calls), Interlocked.Read(ref c.Microseconds)) : null;

    public void Reset() => _counters.Clear();
}
