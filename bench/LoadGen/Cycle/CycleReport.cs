using System.Globalization;
using System.Text;
using Disque.LoadGen.Stats;

namespace Disque.LoadGen.Cycle;

/// <summary>What one run of the job cycle measured, as text for people and one RESULT line for scripts.</summary>
public sealed record CycleReport(
    CycleOptions Options,
    double Seconds,
    long Added,
    long Completed,
    long BacklogAtStop,
    long Left,
    Percentiles AddLatency,
    Percentiles EndToEnd,
    string[] Errors,
    double LoadGenCores,
    double? ServerCores,
    IReadOnlyList<MemorySample> Samples)
{
    public double CompletedPerSecond => Completed / Seconds;

    public double AddedPerSecond => Added / Seconds;

    public string Describe()
    {
        var o = Options;
        var text = new StringBuilder();
        var mode = o.Rate is { } rate ? $"--rate {rate:F0} jobs/s offered" : $"--max, pipeline {o.Pipeline}";
        text.AppendLine(Inv($"job cycle: {o.Producers} producers ({mode}), {o.Workers} workers (GETJOB COUNT {o.Count} + ACKJOB), body {o.BodySize} B, queue {o.Queue}, {Seconds:F1} s measured"));
        text.AppendLine(Inv($"  completed {Completed} jobs: {CompletedPerSecond:F0} jobs/s; added {AddedPerSecond:F0} jobs/s; sent-not-acked when producers stopped: {BacklogAtStop}, never acked: {Left}"));
        text.AppendLine(Inv($"  ADDJOB -> ACKJOB reply: p50 {EndToEnd.P50:F2} ms, p99 {EndToEnd.P99:F2} ms, p99.9 {EndToEnd.P999:F2} ms, max {EndToEnd.Max:F2} ms ({EndToEnd.Count} jobs)"));
        text.AppendLine(Inv($"  ADDJOB reply: p50 {AddLatency.P50:F2} ms, p99 {AddLatency.P99:F2} ms, p99.9 {AddLatency.P999:F2} ms, max {AddLatency.Max:F2} ms"));
        text.AppendLine(Inv($"  CPU: load generator {LoadGenCores:F2} cores") + (ServerCores is { } s ? Inv($", server {s:F2} cores") : ""));
        if (Errors.Length > 0)
            text.AppendLine("  errors: " + string.Join(", ", Errors));
        foreach (var sample in Samples)
            text.AppendLine("  " + sample.Describe());
        return text.ToString();
    }

    /// <summary>One line of key=value pairs that bench/run.sh reads.</summary>
    public string ResultLine() => Inv(
        $"RESULT jobs_per_s={CompletedPerSecond:F0} added_per_s={AddedPerSecond:F0} e2e_p50_ms={EndToEnd.P50:F3} e2e_p99_ms={EndToEnd.P99:F3} e2e_p999_ms={EndToEnd.P999:F3} ")
        + Inv($"add_p50_ms={AddLatency.P50:F3} add_p99_ms={AddLatency.P99:F3} add_p999_ms={AddLatency.P999:F3} left={Left} errors={Errors.Sum(e => long.Parse(e[(e.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture))} ")
        + Inv($"loadgen_cores={LoadGenCores:F2} server_cores=") + (ServerCores is { } cores ? Inv($"{cores:F2}") : "-")
        + (Samples.Count > 0 ? " rss_series=" + string.Join(',', Samples.Select(s => Inv($"{s.Cycles}:{s.Memory.Rss}"))) : "");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
