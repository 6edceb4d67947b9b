using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Disque.LoadGen.WarmStart;

/// <summary>One timed phase: how long it took, each cycle's time in the order cycles began, the server's CPU.</summary>
public sealed record WarmStartPhase(TimeSpan Elapsed, long[] CycleTicks, long? ServerCpuNs, int Errors)
{
    public int Cycles => CycleTicks.Length;

    /// <summary>Wall time of the phase per cycle: with several clients, the inverse of the rate.</summary>
    public double MicrosPerCycle => Elapsed.TotalMicroseconds / Cycles;

    public double? CpuMicrosPerCycle => ServerCpuNs / 1000.0 / Cycles;

    /// <summary>Mean milliseconds of the cycles that began <paramref name="from"/>th to before <paramref name="to"/>th.</summary>
    public double MeanMs(int from, int to) =>
        from >= Math.Min(to, Cycles) ? double.NaN : CycleTicks[from..Math.Min(to, Cycles)].Average() * 1000.0 / Stopwatch.Frequency;

    public double PercentileMs(double fraction)
    {
        var sorted = CycleTicks.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>The first phase against the warm one, as text for people and one RESULT line for scripts.</summary>
public sealed record WarmStartReport(WarmStartOptions Options, TimeSpan UntilReady, WarmStartPhase First, WarmStartPhase Warm)
{
    public double Ratio => First.MicrosPerCycle / Warm.MicrosPerCycle;

    public double? CpuRatio => First.CpuMicrosPerCycle / Warm.CpuMicrosPerCycle;

    public int Errors => First.Errors + Warm.Errors;

    public string Describe()
    {
        var o = Options;
        var text = new StringBuilder();
        text.AppendLine(Inv($"warm start: {o.Cycles} job cycles (ADDJOB, GETJOB, ACKJOB, no pipelining) over {o.Clients} new connection(s), queue {o.Queue}; first PING answered after {UntilReady.TotalSeconds:F1} s"));
        foreach (var (name, phase) in new[] { ("first", First), ("warm ", Warm) })
        {
            text.AppendLine(Inv($"  {name}: {phase.MicrosPerCycle:F0} us per cycle ({phase.Elapsed.TotalMilliseconds:F0} ms in all), server CPU {Us(phase.CpuMicrosPerCycle)} us per cycle; ")
                + Inv($"cycle ms p50 {phase.PercentileMs(0.5):F3}, p99 {phase.PercentileMs(0.99):F3}, max {phase.PercentileMs(1):F3}; ")
                + Inv($"mean ms of cycles 1: {phase.MeanMs(0, 1):F2}, 2-10: {phase.MeanMs(1, 10):F2}, 11-100: {phase.MeanMs(10, 100):F2}, 101-: {phase.MeanMs(100, int.MaxValue):F3}"));
        }
        text.AppendLine(Inv($"  first / warm: {Ratio:F2} x the time, {(CpuRatio is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "?")} x the server CPU; errors: {Errors}"));
        return text.ToString();
    }

    /// <summary>One line of key=value pairs that bench/run.sh reads.</summary>
    public string ResultLine() => Inv(
        $"RESULT ratio={Ratio:F2} cpu_ratio={Num(CpuRatio)} first_us={First.MicrosPerCycle:F1} warm_us={Warm.MicrosPerCycle:F1} ")
        + Inv($"first_cpu_us={Num(First.CpuMicrosPerCycle)} warm_cpu_us={Num(Warm.CpuMicrosPerCycle)} ")
        + Inv($"first_cycle_ms={First.MeanMs(0, 1):F3} first_p99_ms={First.PercentileMs(0.99):F3} warm_p99_ms={Warm.PercentileMs(0.99):F3} ")
        + Inv($"first_max_ms={First.PercentileMs(1):F3} ready_s={UntilReady.TotalSeconds:F2} errors={Errors}");

    private static string Us(double? micros) => micros is { } m ? m.ToString("F1", CultureInfo.InvariantCulture) : "?";

    private static string Num(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
