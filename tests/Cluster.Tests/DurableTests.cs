namespace Disque.Cluster.Tests;

/// <summary>Durable mode: the whole cluster dies at once, comes back, and every accepted un-acked job is delivered.</summary>
public sealed class DurableTests
{
    [Fact]
    public async Task A_whole_cluster_restart_loses_no_unacked_job()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1, _ => ["--Disque:Storage=redis"]);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        List<string> ids;
        List<string> acked;
        await using (var client = await TestClient.Open(cluster.Nodes[0].RespPort))
        {
            Assert.Equal(new object?[] { "appendonly", "yes" }, await client.Call("CONFIG", "GET", "appendonly"));
            var adds = await client.Pipeline([.. Enumerable.Range(0, 1000).Select(i => new object[] { "ADDJOB", queue, $"job-{i}", 0 })]);
            ids = [.. adds.Cast<string>()];
            // 100 are out with a worker that acks half of them before the lights go out.
            var out100 = ((object?[])(await client.Call("GETJOB", "COUNT", 100, "FROM", queue))!).Cast<object?[]>().Select(j => (string)j[1]!).ToList();
            acked = out100.Take(50).ToList();
            Assert.Equal(50L, await client.Call(["ACKJOB", .. acked]));
        }

        await cluster.RestartAll();

        await using var after = await TestClient.Open(cluster.Gateways.Last().RespPort);
        var expected = ids.Except(acked).ToHashSet();
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < expected.Count && DateTime.UtcNow < deadline)
        {
            if (await after.Call("GETJOB", "TIMEOUT", 500, "COUNT", 200, "FROM", queue) is not object?[] jobs)
                continue;
            var got = jobs.Cast<object?[]>().Select(j => (string)j[1]!).ToList();
            seen.UnionWith(got);
            await after.Call(["ACKJOB", .. got]);
        }
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Empty(seen.Intersect(acked));
    }
}
