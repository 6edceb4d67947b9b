using System.Globalization;
using System.Text;

namespace Disque.Gateway.Monitoring;

/// <summary>One latency sample: the unix second it happened in and the worst latency seen in that second, in ms.</summary>
public readonly record struct LatencySample(long UnixTime, long Milliseconds);

/// <summary>
/// Disque's latency monitor: for each event ("command", "fast-command") the last
/// 160 seconds that had a command at or over <c>latency-monitor-threshold</c> ms
/// (0: off), one sample per second holding the worst, and the all-time worst.
/// </summary>
public sealed class LatencyMonitor
{
    public const int HistoryLength = 160;

    private sealed class Series
    {
        public readonly List<LatencySample> Samples = [];
        public long Max;
    }

    private readonly Dictionary<string, Series> _events = new(StringComparer.Ordinal);

    /// <summary>CONFIG's latency-monitor-threshold in ms; 0 turns the monitor off.</summary>
    public long Threshold { get; set; }

    public void Add(string name, long milliseconds)
    {
        if (Threshold == 0 || milliseconds < Threshold)
            return;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        lock (_events)
        {
            if (!_events.TryGetValue(name, out var series))
                _events[name] = series = new Series();
            if (series.Samples.Count > 0 && series.Samples[^1].UnixTime == now)
            {
                if (milliseconds > series.Samples[^1].Milliseconds)
                    series.Samples[^1] = new LatencySample(now, milliseconds);
                series.Max = Math.Max(series.Max, milliseconds);
                return;
            }
            series.Samples.Add(new LatencySample(now, milliseconds));
            if (series.Samples.Count > HistoryLength)
                series.Samples.RemoveAt(0);
            series.Max = Math.Max(series.Max, milliseconds);
        }
    }

    /// <summary>LATENCY LATEST: each event's latest sample and all-time worst.</summary>
    public (string Name, LatencySample Latest, long Max)[] Latest()
    {
        lock (_events)
            return [.. _events.Select(e => (e.Key, e.Value.Samples[^1], e.Value.Max))];
    }

    /// <summary>LATENCY HISTORY: the samples of one event, oldest first; null for an unknown event.</summary>
    public LatencySample[]? History(string name)
    {
        lock (_events)
            return _events.TryGetValue(name, out var series) ? [.. series.Samples] : null;
    }

    /// <summary>LATENCY RESET: forgets the events named (every event when none is); how many were forgotten.</summary>
    public int Reset(IReadOnlyCollection<string> names)
    {
        lock (_events)
        {
            var gone = _events.Keys.Where(k => names.Count == 0 || names.Any(n => n.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
            foreach (var name in gone)
                _events.Remove(name);
            return gone.Count;
        }
    }

    /// <summary>LATENCY GRAPH: Disque's ASCII graph of one event; null for an unknown event.</summary>
    public string? Graph(string name)
    {
        LatencySample[] samples;
        long max;
        lock (_events)
        {
            if (!_events.TryGetValue(name, out var series))
                return null;
            (samples, max) = ([.. series.Samples], series.Max);
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var high = samples.Max(s => s.Milliseconds);
        var low = samples.Min(s => s.Milliseconds);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{name} - high {high} ms, low {low} ms (all time high {max} ms)\n"));
        text.Append('-', 80).Append('\n');
        Sparkline.Render(text, [.. samples.Select(s => ((double)s.Milliseconds, Ago(now - s.UnixTime)))], columns: 80, rows: 4);
        return text.ToString();
    }

    private static string Ago(long seconds) => seconds switch
    {
        < 60 => $"{seconds}s",
        < 3600 => $"{seconds / 60}m",
        < 86400 => $"{seconds / 3600}h",
        _ => $"{seconds / 86400}d",
    };

    /// <summary>LATENCY DOCTOR: Disque's report, for the events this gateway records.</summary>
    public string Doctor(long slowlogSlowerThan)
    {
        lock (_events)
        {
            if (_events.Count == 0 && Threshold == 0)
                return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Disque instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at http://disque.io/topics/latency-monitor.\n";
            if (_events.Count == 0)
                return "Dave, no latency spike was observed during the lifetime of this Disque instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n";
            var report = new StringBuilder("Dave, I have observed latency spikes in this Disque instance. You don't mind talking about it, do you Dave?\n\n");
            var number = 0;
            bool slowCommands = false, fastCommands = false;
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var (name, series) in _events)
            {
                var samples = series.Samples;
                var average = (long)samples.Average(s => s.Milliseconds);
                var deviation = (long)samples.Average(s => Math.Abs(average - s.Milliseconds));
                var period = Math.Max(1, now - samples.Min(s => s.UnixTime));
                report.Append(CultureInfo.InvariantCulture,
                    $"{++number}. {name}: {samples.Count} latency spikes (average {average}ms, mean deviation {deviation}ms, period {(double)period / samples.Count:F2} sec). Worst all time event {series.Max}ms.\n");
                slowCommands |= name == "command";
                fastCommands |= name == "fast-command";
            }
            report.Append("\nI have a few advices for you:\n\n");
            if (slowCommands && slowlogSlowerThan == 0)
                report.Append(CultureInfo.InvariantCulture, $"- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Disque feature using the command 'CONFIG SET slowlog-log-slower-than {Threshold * 1000}'. If the Slow log is disabled Disque is not able to log slow commands execution for you.\n");
            else if (slowCommands && slowlogSlowerThan / 1000 > Threshold)
                report.Append(CultureInfo.InvariantCulture, $"- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than {Threshold * 1000}'.\n");
            if (slowCommands)
                report.Append("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check http://disque.io/commands/slowlog for more information.\n");
            if (fastCommands)
                report.Append("- The system is slow to execute Disque code paths not containing system calls. This usually means the system does not provide Disque CPU time to run for long periods. You should try to:\n  1) Lower the system load.\n  2) Use a computer / VM just for Disque if you are running other softawre in the same system.\n  3) Check if you have a \"noisy neighbour\" problem.\n  4) Check with 'disque-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n  5) Check if the problem is allocator-related by recompiling Disque with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n");
            if (slowCommands)
                report.Append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n");
            return report.ToString();
        }
    }
}
