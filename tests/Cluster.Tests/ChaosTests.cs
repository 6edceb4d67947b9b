using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// The soak: five silos (two of them gateways) under steady load for two minutes
/// (DISQUE_SOAK_SECONDS), while a silo chosen at random is killed with SIGKILL and,
/// a few seconds later, started again, over and over. Jobs are REPLICATE 3, so any two
/// silos may die within one job's life. Counted at the end: accepted, delivered,
/// duplicated, lost (must be 0), delivered again after their ACK (must be 0).
/// Not in the default test command: run it with scripts/soak.sh (CI does).
/// </summary>
[Trait("Category", "Soak")]
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int JobsPerSecond = 200;

    [Fact]
    public async Task Silos_killed_and_restarted_at_random_under_load_lose_no_job()
    {
        var duration = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("DISQUE_SOAK_SECONDS") ?? "120"));
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 3);
        IPEndPoint[] gateways = [.. cluster.Gateways.Select(g => g.Resp)];
        var jobs = (int)(JobsPerSecond * duration.TotalSeconds);
        var traffic = new JobTraffic(gateways, gateways, "soak-" + Guid.NewGuid().ToString("N")[..8], "REPLICATE 3 RETRY 3")
        {
            Jobs = jobs,
            ProduceRate = JobsPerSecond,
            MidwayAt = 0.05,
            Deadline = duration + TimeSpan.FromSeconds(120),
        };
        var faults = new List<string>();

        var report = await traffic.Run(() => Chaos(cluster, duration * 0.9, faults));

        foreach (var fault in faults)
            output.WriteLine(fault);
        output.WriteLine($"{faults.Count} silos killed and restarted");
        foreach (var line in await traffic.Explain(report, gateways[0]))
            output.WriteLine(line);
        Assert.True(faults.Count >= 3, "too few faults injected");
        Assert.InRange(report.Accepted, jobs * 8 / 10, jobs);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.NotAcked);
        Assert.Equal(0, report.Resurrected);
    }

    /// <summary>Until <paramref name="length"/> has passed: a random silo killed, restarted a few seconds later, a pause, again.</summary>
    private static async Task Chaos(LocalCluster cluster, TimeSpan length, List<string> faults)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(Environment.TickCount);
        while (clock.Elapsed < length)
        {
            var victim = cluster.Nodes[random.Next(cluster.Nodes.Count)];
            var killedAt = clock.Elapsed;
            victim.Process.Kill();
            await Task.Delay(TimeSpan.FromSeconds(random.Next(2, 6)));
            await cluster.Restart(victim);
            faults.Add($"{victim.Name} killed at {killedAt.TotalSeconds:F1} s, back at {clock.Elapsed.TotalSeconds:F1} s");
            await Task.Delay(TimeSpan.FromSeconds(random.Next(3, 8)));
        }
    }
}
