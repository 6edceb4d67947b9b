using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// Network partitions, not kills. Four silos (two of them gateways), each in a network namespace
/// of its own (<see cref="NamespaceNetwork"/>), the membership Redis and the clients on the host's
/// side of the bridge, under three kinds of traffic at once: REPLICATE 2 and REPLICATE 3
/// at-least-once jobs (RETRY 3) and at-most-once jobs (REPLICATE 1 RETRY 0). A fault strikes once
/// 20% of the jobs are produced and heals: an isolation lasts long enough for membership to
/// declare the node dead (about 10 s with the tests' fast failure detection), flapping and loss
/// two thirds of that. A node declared dead stops itself once it learns so, and is started again.
/// Counted per traffic: accepted, delivered, duplicated, lost, delivered after their ACK. At least
/// once: none lost, none delivered after its ACK. At most once: none delivered twice (losing some
/// is allowed).
/// Settings (environment): DISQUE_PARTITION_SECONDS (traffic, default 15), DISQUE_PARTITION_RATE
/// (jobs/s of each traffic, 50), DISQUE_PARTITION_FAULT_SECONDS (15), DISQUE_PARTITION_REPORT (a
/// file the figures are appended to as Markdown table rows), DISQUE_PARTITION_NODE_ARGS (more
/// settings for every node, such as --Disque:FastFailureDetection=false). scripts/partitions.sh
/// runs them longer. Needs root: skipped, saying why, elsewhere.
/// </summary>
[Trait("Category", "Partition")]
public sealed class PartitionTests(ITestOutputHelper output)
{
    private static readonly int Seconds = Setting("DISQUE_PARTITION_SECONDS", 15);
    private static readonly int Rate = Setting("DISQUE_PARTITION_RATE", 50);
    private static readonly TimeSpan Fault = TimeSpan.FromSeconds(Setting("DISQUE_PARTITION_FAULT_SECONDS", 15));

    /// <summary>How long the faults that do not isolate a node last (flapping, loss and delay): two thirds of <see cref="Fault"/>.</summary>
    private static readonly TimeSpan Brief = Fault * 2 / 3;
    private static readonly string[] NodeSettings = (Environment.GetEnvironmentVariable("DISQUE_PARTITION_NODE_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static readonly (string Name, string Options, bool AtMostOnce)[] Kinds =
    [
        ("REPLICATE 2", "REPLICATE 2 RETRY 3", false),
        ("REPLICATE 3", "REPLICATE 3 RETRY 3", false),
        ("at most once", "REPLICATE 1 RETRY 0", true),
    ];

    [NetworkFact]
    public Task A_plain_silo_cut_off_from_everyone_Redis_included() => Run("isolate one silo", async (network, _) =>
    {
        network.Cut("silo0");
        await Task.Delay(Fault);
        network.Heal("silo0");
    });

    [NetworkFact]
    public Task A_gateway_cut_off_from_the_other_silos_but_not_from_its_clients_nor_Redis() => Run("isolate a gateway from the silos", async (network, _) =>
    {
        network.Isolate("gateway0", ["gateway1", "silo0", "silo1"]);
        await Task.Delay(Fault);
        network.Rejoin("gateway0");
    });

    [NetworkFact]
    public Task A_gateway_cut_off_from_the_other_silos_and_Redis_but_not_from_its_clients() => Run("isolate a gateway from the silos and Redis", async (network, cluster) =>
    {
        network.Isolate("gateway0", ["gateway1", "silo0", "silo1"], cluster.RedisPort);
        await Task.Delay(Fault);
        network.Rejoin("gateway0");
    });

    [NetworkFact]
    public Task A_gateway_whose_link_flaps() => Run("flapping link (a gateway)", async (network, _) =>
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Brief)
        {
            network.Cut("gateway1");
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
            network.Heal("gateway1");
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
        }
    });

    [NetworkFact]
    public Task Packet_loss_and_delay_on_every_link() => Run("loss and delay", async (network, _) =>
    {
        output.WriteLine($"loss and delay: {NamespaceNetwork.Degradation}");
        string[] nodes = ["gateway0", "gateway1", "silo0", "silo1"];
        foreach (var node in nodes)
            network.Degrade(node);
        await Task.Delay(Brief);
        foreach (var node in nodes)
            network.Restore(node);
    });

    private async Task Run(string fault, Func<NamespaceNetwork, LocalCluster, Task> strike)
    {
        var clock = Stopwatch.StartNew();
        var timeline = new List<string>();
        void Mark(string what) => timeline.Add($"{what} at {clock.Elapsed.TotalSeconds:F1} s");
        using var network = NamespaceNetwork.Create();
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 2, _ => NodeSettings, network);
        Mark("cluster formed");
        IPEndPoint[] gateways = [.. cluster.Gateways.Select(g => g.Resp)];
        var traffics = Kinds.Select(kind => new JobTraffic(gateways, gateways, "p-" + Guid.NewGuid().ToString("N")[..8], kind.Options)
        {
            Jobs = Rate * Seconds,
            ProduceRate = Rate,
            MidwayAt = 0.2,
            AddTimeoutMs = 3000,
            Deadline = TimeSpan.FromSeconds(Seconds) + Fault + TimeSpan.FromSeconds(120),
            Quiet = kind.AtMostOnce ? TimeSpan.FromSeconds(5) : null,
        }).ToList();
        var restarted = new List<string>();

        // The first traffic carries the fault; the others run beside it.
        var reports = await Task.WhenAll(traffics.Select((traffic, i) => traffic.Run(i > 0 ? () => Task.CompletedTask : async () =>
        {
            Mark("fault");
            await strike(network, cluster);
            Mark("healed");
            await Recover(cluster, restarted);
            Mark("every node back");
        })));
        Mark("traffic done");

        output.WriteLine($"{fault}: {string.Join(", ", timeline)}; {(restarted.Count == 0 ? "no node" : string.Join(", ", restarted))} declared dead and restarted");
        var failures = new List<string>();
        for (var i = 0; i < Kinds.Length; i++)
        {
            var (kind, report) = (Kinds[i], reports[i]);
            foreach (var line in await traffics[i].Explain(report, gateways[^1]))
                output.WriteLine($"{kind.Name}: {line}");
            Record(fault, kind.Name, report, restarted);
            if (report.Accepted == 0)
                failures.Add($"{kind.Name}: no job accepted");
            if (report.Resurrected > 0)
                failures.Add($"{kind.Name}: {report.Resurrected} delivered after their ACK");
            if (kind.AtMostOnce && report.Duplicated > 0)
                failures.Add($"{kind.Name}: {report.Duplicated} at-most-once deliveries repeated");
            if (!kind.AtMostOnce && (report.Lost > 0 || report.NotAcked > 0))
                failures.Add($"{kind.Name}: {report.Lost} lost, {report.NotAcked} never acknowledged");
        }
        Assert.True(failures.Count == 0, $"{fault}: {string.Join("; ", failures)} (logs in {NodeProcess.LogDirectory})");
    }

    /// <summary>A node that membership declared dead during the fault stops itself: start it again, until every gateway sees every silo.</summary>
    private static Task Recover(LocalCluster cluster, List<string> restarted) =>
        Wait.Until(async () =>
        {
            foreach (var node in cluster.Nodes.Where(n => n.Process.HasExited).ToList())
            {
                restarted.Add(node.Name);
                cluster.Respawn(node);
            }
            return await cluster.IsFormed();
        }, seconds: 120, what: "every node back in the cluster after the fault");

    /// <summary>The figures as a Markdown table row, into DISQUE_PARTITION_REPORT when set.</summary>
    private void Record(string fault, string kind, JobTraffic.Report report, List<string> restarted)
    {
        var row = $"| {fault} | {kind} | {report.Accepted} | {report.Delivered} | {report.Duplicated} | {report.Lost} | {report.Resurrected} | " +
            $"{(restarted.Count == 0 ? "none" : string.Join(", ", restarted))} |";
        output.WriteLine(row);
        if (Environment.GetEnvironmentVariable("DISQUE_PARTITION_REPORT") is { Length: > 0 } file)
            File.AppendAllLines(file, [row]);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
