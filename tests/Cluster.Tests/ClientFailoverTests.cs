using Disque.Client;

namespace Disque.Cluster.Tests;

/// <summary>
/// The .NET client against a real cluster: the gateway it uses is killed, and it
/// carries on through the other one HELLO told it about; no job is lost.
/// </summary>
public sealed class ClientFailoverTests
{
    [Fact]
    public async Task When_its_gateway_dies_the_client_moves_to_the_other_and_loses_no_job()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);
        await using var client = await DisqueClient.ConnectAsync(new DisqueClientOptions { Endpoints = [$"127.0.0.1:{first.RespPort}"] });
        Assert.Equal(2, client.Nodes.Count); // HELLO named the other gateway
        var queue = "failover-" + Guid.NewGuid().ToString("N")[..8];
        var options = new AddJobOptions { Replicate = 2, Retry = TimeSpan.FromSeconds(1) };

        var added = new List<string>();
        for (var i = 0; i < 50; i++)
            added.Add(await client.AddJobAsync(queue, $"before {i}", options));
        Assert.Equal(first.RespPort, client.CurrentNode!.Endpoint.Port);
        first.Process.Kill();
        var unsure = 0;
        for (var i = 0; i < 50; i++)
        {
            try
            {
                added.Add(await client.AddJobAsync(queue, $"after {i}", options));
            }
            catch (DisqueConnectionException error) when (error.MayHaveRun)
            {
                unsure++; // written to the dead gateway's socket just as it died: not known to be accepted
            }
        }

        Assert.InRange(unsure, 0, 1);
        Assert.Equal(second.RespPort, client.CurrentNode!.Endpoint.Port);
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!added.All(seen.Contains) && DateTime.UtcNow < deadline)
        {
            var jobs = await client.GetJobsAsync([queue], count: 20, timeout: TimeSpan.FromSeconds(1));
            seen.UnionWith(jobs.Select(j => j.Id));
            if (jobs.Count > 0)
                await client.AckAsync([.. jobs.Select(j => j.Id)]);
        }
        Assert.Equal(added.Count, added.Count(seen.Contains));
        Assert.Equal(0, await client.QLenAsync(queue));
    }
}
