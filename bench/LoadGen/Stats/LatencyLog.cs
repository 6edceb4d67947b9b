using System.Diagnostics;

namespace Disque.LoadGen.Stats;

/// <summary>Latency samples of one connection, in Stopwatch ticks; merged and sorted once the run is over.</summary>
public sealed class LatencyLog
{
    private readonly List<long> _ticks = [];

    public void Add(long ticks) => _ticks.Add(ticks);

    public static Percentiles Summarize(IEnumerable<LatencyLog> logs)
    {
        var all = logs.SelectMany(l => l._ticks).ToArray();
        if (all.Length == 0)
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        Array.Sort(all);
        return new Percentiles(all.Length, Ms(At(all, 0.50)), Ms(At(all, 0.99)), Ms(At(all, 0.999)), Ms(all[^1]));
    }

    /// <summary>Nearest rank: the smallest sample that at least <paramref name="fraction"/> of the samples do not exceed.</summary>
    private static long At(long[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Latency percentiles in milliseconds.</summary>
public readonly record struct Percentiles(int Count, double P50, double P99, double P999, double Max);
