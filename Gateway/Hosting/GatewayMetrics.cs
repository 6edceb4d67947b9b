using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Disque.Gateway.Hosting;

/// <summary>The gateway's own instruments: how long each RESP command takes, from parsed to answered.</summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Disque.Gateway";

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;

    /// <summary>From 50 µs to 30 s: the range of a command, a long GETJOB included.</summary>
    private static readonly double[] Buckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public GatewayMetrics()
        : this(MeterName)
    {
    }

    /// <summary>Instruments on a meter of another name: one /metrics does not export (the start-up warm-up's).</summary>
    internal GatewayMetrics(string meterName)
    {
        _meter = new Meter(meterName);
        _duration = _meter.CreateHistogram("disque.command.duration", "s", "Time from a parsed RESP command to its reply, by command.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    public void CommandDone(string command, long startedAt) =>
        _duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("command", command));

    public void Dispose() => _meter.Dispose();
}
