namespace Disque.Cluster.Tests;

/// <summary>
/// A stop that ends: SIGTERM makes a silo exit within its shutdown timeout (30 s) even when
/// its membership store is gone, where Orleans alone retries the membership write for minutes.
/// </summary>
public sealed class StopTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_silo_and_a_gateway_stop_within_the_bound_after_their_membership_store_is_gone()
    {
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 1);
        cluster.Redis.Kill();
        await cluster.Redis.WaitForExit(TimeSpan.FromSeconds(10));

        // Terminate fails unless the process exits in time. The margin covers the exit itself on a
        // busy machine; without the bound each took over two minutes.
        await Task.WhenAll(cluster.Nodes.Select(n => n.Process.Terminate(Bound + TimeSpan.FromSeconds(8))));
    }

    [Fact]
    public async Task A_gateway_lets_its_idle_clients_go_and_stops_without_waiting_for_them()
    {
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 0);
        await using var idle = await TestClient.Open(cluster.Nodes[0].RespPort);
        Assert.Equal("PONG", await idle.Call("PING"));

        // The client never leaves on its own: the gateway closes it, and exits well before the timeout it used to wait out.
        await cluster.Nodes[0].Process.Terminate(TimeSpan.FromSeconds(20));
    }
}
