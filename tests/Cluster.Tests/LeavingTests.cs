namespace Disque.Cluster.Tests;

/// <summary>A node that leaves cleanly hands its copies over first; clients are told to go elsewhere.</summary>
public sealed class LeavingTests
{
    [Fact]
    public async Task CLUSTER_LEAVING_moves_copies_away_and_advertises_a_bad_priority()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        await using var a = await TestClient.Open(cluster.Nodes[0].RespPort);
        await using var b = await TestClient.Open(cluster.Nodes[1].RespPort);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
            ids.Add((string)(await a.Call("ADDJOB", queue, $"job-{i}", 0, "REPLICATE", 2))!);
        var leaving = (string)(await a.Call("CLUSTER", "MYID"))!;

        Assert.Equal("OK", await a.Call("CLUSTER", "LEAVING", "yes"));

        Assert.Equal("yes", await a.Call("CLUSTER", "LEAVING"));
        await Wait.Until(async () =>
        {
            foreach (var id in ids)
            {
                var nodes = Replies.Field(await b.Call("SHOW", id), "nodes-delivered") as object?[];
                if (nodes is null || nodes.Length != 2 || nodes.Contains(leaving))
                    return false;
            }
            return true;
        }, seconds: 30);
        var hello = (object?[])(await b.Call("HELLO"))!;
        var entry = hello.Skip(2).Cast<object?[]>().Single(n => (string)n[0]! == leaving);
        Assert.Equal("100", entry[3]);
        await Assert.ThrowsAsync<RespError>(() => a.Call("GETJOB", "FROM", "nothing-here"));
        // Jobs still flow, from whichever silos own them now: a GETJOB takes what its own silo has first.
        Assert.Equal(50L, await b.Call("QLEN", queue));
        var got = new List<string>();
        while (got.Count < 50 && await b.Call("GETJOB", "NOHANG", "COUNT", 50, "FROM", queue) is object?[] jobs)
            got.AddRange(jobs.Cast<object?[]>().Select(j => (string)j[1]!));
        Assert.Equal(ids.Order(), got.Order());
    }

    [Fact]
    public async Task A_silo_stopped_with_SIGTERM_hands_its_copies_over()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        await using var a = await TestClient.Open(cluster.Nodes[0].RespPort);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
            ids.Add((string)(await a.Call("ADDJOB", queue, $"job-{i}", 0, "REPLICATE", 3))!);

        await cluster.Nodes[2].Process.Terminate(TimeSpan.FromSeconds(60));

        // Only two silos are left: each job keeps a copy on both.
        await Wait.Until(async () =>
        {
            foreach (var id in ids)
                if (Replies.Field(await a.Call("SHOW", id), "nodes-delivered") is not object?[] { Length: 2 })
                    return false;
            return true;
        }, seconds: 30);
        Assert.Equal(50L, await a.Call("QLEN", queue));
    }
}
