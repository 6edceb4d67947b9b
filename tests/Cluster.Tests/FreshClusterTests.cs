using System.Diagnostics;

namespace Disque.Cluster.Tests;

/// <summary>
/// A cluster just started: once its gateway takes clients and sees every silo, the
/// first ADDJOB replicates within its timeout (issue 12, finding 3: on a fresh
/// 3-silo cluster `ADDJOB q x 100 REPLICATE 3` took 544-1011 ms, or failed -NOREPL).
/// The timeout is generous enough for a machine busy with other work; the bound on
/// the reply is what the old gateway missed.
/// </summary>
public sealed class FreshClusterTests
{
    private const int TimeoutMs = 500;

    [Fact]
    public async Task The_first_ADDJOB_of_a_fresh_cluster_answers_within_its_timeout()
    {
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 2);
        await using var client = await TestClient.Open(cluster.Nodes[0].RespPort);

        var clock = Stopwatch.StartNew();
        var reply = await client.Call("ADDJOB", "fresh", "x", TimeoutMs, "REPLICATE", 3);
        clock.Stop();

        Assert.StartsWith("D-", reply as string);
        // The timeout bounds the wait for copies; what is left is one request's own work.
        Assert.True(clock.ElapsedMilliseconds < TimeoutMs + 500, $"answered after {clock.ElapsedMilliseconds} ms");
    }
}
