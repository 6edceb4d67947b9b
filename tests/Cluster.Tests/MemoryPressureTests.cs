namespace Disque.Cluster.Tests;

/// <summary>
/// Disque's promise under memory pressure: new jobs are refused (or placed on
/// other silos), accepted ones are never dropped. Each gateway runs in its own
/// process, so its heap is its own.
/// </summary>
public sealed class MemoryPressureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string OutOfMemory = "NOREPL Not enough reachable nodes for the requested replication level, since I'm unable to hold a copy of the message for the following reason: I'm out of memory";
    private static readonly string Body = new('x', 10 * 1024);

    [Fact]
    public async Task A_full_silo_refuses_new_jobs_and_every_accepted_job_is_still_delivered()
    {
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 0, _ => ["--Disque:MaxMemoryMb=64"]);
        await using var client = await TestClient.Open(cluster.Nodes[0].RespPort);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];

        var (accepted, refusal) = await FillUntilRefused(client, queue);

        Assert.Equal(OutOfMemory, refusal);
        Assert.InRange(accepted.Count, 500, 19_000);
        Assert.Equal((long)accepted.Count, await client.Call("QLEN", queue));
        var delivered = await Drain(client, queue);
        output.WriteLine($"{accepted.Count} jobs of 10 KiB accepted before the refusal; {delivered.Count} delivered after draining");
        Assert.Equal(accepted.Order(), delivered.Order());
        // Drained, the silo takes jobs again.
        await Wait.Until(async () => await TryAdd(client, queue) is null, seconds: 30);
    }

    [Fact]
    public async Task A_full_gateway_places_new_jobs_on_another_silo()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 0, name => name == "gateway0" ? ["--Disque:MaxMemoryMb=64"] : []);
        await using var full = await TestClient.Open(cluster.Nodes[0].RespPort);
        await using var other = await TestClient.Open(cluster.Nodes[1].RespPort);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var fullId = ((string)(await full.Call("CLUSTER", "MYID"))!)[..8];
        var otherId = ((string)(await other.Call("CLUSTER", "MYID"))!)[..8];

        // With two silos the default is two copies, which a full silo cannot give: it refuses at once.
        var (accepted, refusal) = await FillUntilRefused(full, queue);
        Assert.Equal(OutOfMemory, refusal);

        // One copy it can still place, on the other silo, which makes the job.
        var placed = (string)(await full.Call("ADDJOB", queue, Body, 0, "REPLICATE", 1))!;
        Assert.StartsWith($"D-{otherId}-", placed);
        Assert.All(accepted, id => Assert.StartsWith($"D-{fullId}-", id));
        var delivered = await Drain(other, queue);
        Assert.Equal(accepted.Append(placed).Order(), delivered.Order());
    }

    private static async Task<(List<string> Accepted, string? Refusal)> FillUntilRefused(TestClient client, string queue)
    {
        var accepted = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var refusal = await TryAdd(client, queue, accepted);
            if (refusal is not null)
                return (accepted, refusal);
        }
        return (accepted, null);
    }

    /// <summary>Adds a 10 KiB job: null when accepted, else the error.</summary>
    private static async Task<string?> TryAdd(TestClient client, string queue, List<string>? accepted = null)
    {
        try
        {
            accepted?.Add((string)(await client.Call("ADDJOB", queue, Body, 0))!);
            return null;
        }
        catch (RespError error)
        {
            return error.Message;
        }
    }

    private static async Task<List<string>> Drain(TestClient client, string queue)
    {
        var delivered = new List<string>();
        while (await client.Call("GETJOB", "NOHANG", "COUNT", 100, "FROM", queue) is object?[] jobs)
        {
            var ids = jobs.Cast<object?[]>().Select(j => (object)(string)j[1]!).ToArray();
            delivered.AddRange(ids.Cast<string>());
            Assert.Equal((long)ids.Length, await client.Call(["ACKJOB", .. ids]));
        }
        return delivered;
    }
}
