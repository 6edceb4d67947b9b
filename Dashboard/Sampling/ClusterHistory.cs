using Disque.Dashboard.Reading;

namespace Disque.Dashboard.Sampling;

/// <summary>
/// The cluster's job counters over the last minutes, from <c>INFO nodes</c> samples: at
/// each sample, the totals of the living silos, and the rates over the last
/// <see cref="Smoothing"/> (a sample every 2 s alone shows more of when a batch landed than
/// of the rate), counted per silo: a silo that came or went in between adds nothing to that
/// rate, so a dead silo's totals vanishing never reads as a negative rate.
/// </summary>
internal sealed class ClusterHistory(TimeProvider time)
{
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan Smoothing = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Queue<ClusterPoint> _points = new();
    private readonly Queue<(DateTimeOffset At, Dictionary<string, Counts> Silos)> _recent = new();

    public void Add(IReadOnlyList<NodeRow> nodes)
    {
        var now = time.GetUtcNow();
        var silos = nodes.Where(n => n.IsLiving).ToDictionary(n => n.Id, n => n.Counters, StringComparer.Ordinal);
        var totals = silos.Values.Aggregate(default(Counts), (sum, c) => sum + c);
        lock (_lock)
        {
            // The rate's start: the latest sample at least Smoothing old, else the oldest there is.
            while (_recent.Count > 1 && _recent.ElementAt(1).At <= now - Smoothing)
                _recent.Dequeue();
            Rates? rates = null;
            if (_recent.TryPeek(out var from) && (now - from.At).TotalSeconds is var seconds and > 0)
                rates = Rates.Of(silos.Where(s => from.Silos.ContainsKey(s.Key)).Aggregate(default(Counts), (sum, s) => sum + s.Value.Since(from.Silos[s.Key])), seconds);
            _recent.Enqueue((now, silos));
            _points.Enqueue(new ClusterPoint(now, totals, rates));
            while (_points.Count > 0 && _points.Peek().At < now - Kept)
                _points.Dequeue();
        }
    }

    public IReadOnlyList<ClusterPoint> Points
    {
        get
        {
            lock (_lock)
                return [.. _points];
        }
    }
}

/// <summary>One sample: the totals then, and the rates (per second) over the seconds before, when there was a sample before.</summary>
internal sealed record ClusterPoint(DateTimeOffset At, Counts Totals, Rates? Rates);

/// <summary>Jobs per second, per counter.</summary>
internal sealed record Rates(double Added, double Delivered, double Acked, double Requeued, double Expired)
{
    public static Rates Of(Counts counted, double seconds) =>
        new(counted.Added / seconds, counted.Delivered / seconds, counted.Acked / seconds, counted.Requeued / seconds, counted.Expired / seconds);

    public double this[Counter counter] => counter switch
    {
        Counter.Added => Added,
        Counter.Delivered => Delivered,
        Counter.Acked => Acked,
        Counter.Requeued => Requeued,
        _ => Expired,
    };
}
