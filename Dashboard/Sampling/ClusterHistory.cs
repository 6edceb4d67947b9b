using Disque.Dashboard.Reading;

namespace Disque.Dashboard.Sampling;

/// <summary>
/// The cluster's job counters over the last minutes, from <c>INFO nodes</c> samples: at
/// each sample, the totals of the living silos, and the rates since the sample before,
/// counted per silo (a silo that came or went between two samples adds nothing to that
/// rate, so a dead silo's totals vanishing never reads as a negative rate).
/// </summary>
internal sealed class ClusterHistory(TimeProvider time)
{
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly Queue<ClusterPoint> _points = new();
    private (DateTimeOffset At, Dictionary<string, Counts> Silos)? _last;

    public void Add(IReadOnlyList<NodeRow> nodes)
    {
        var now = time.GetUtcNow();
        var silos = nodes.Where(n => n.IsLiving).ToDictionary(n => n.Id, n => n.Counters, StringComparer.Ordinal);
        var totals = silos.Values.Aggregate(default(Counts), (sum, c) => sum + c);
        lock (_lock)
        {
            Counts? counted = null;
            var seconds = 0.0;
            if (_last is { } last && (seconds = (now - last.At).TotalSeconds) > 0)
                counted = silos.Where(s => last.Silos.ContainsKey(s.Key)).Aggregate(default(Counts), (sum, s) => sum + s.Value.Since(last.Silos[s.Key]));
            _last = (now, silos);
            _points.Enqueue(new ClusterPoint(now, totals, counted is { } c ? Rates.Of(c, seconds) : null));
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

/// <summary>One sample: the totals then, and the rates (per second) since the sample before, when there was one.</summary>
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
