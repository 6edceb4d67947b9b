using System.Diagnostics;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Resp;

/// <summary>Pipelining and pooling: many commands share one connection, a blocking GETJOB has one of its own.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class PipeliningTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task Five_hundred_commands_in_flight_on_one_connection_each_get_their_own_reply()
    {
        await using var client = gateway.NewClient(o => o.SharedConnections = 1);
        var queue = Names.NewQueue();
        var before = await ConnectedClients(client);

        var ids = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => client.AddJobAsync(queue, $"job-{i}")));
        var shown = await Task.WhenAll(ids.Select(id => client.ShowAsync(id)));

        Assert.Equal(500, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"job-{i}"), shown.Select(j => System.Text.Encoding.UTF8.GetString(j!.Body!)));
        Assert.Equal(before, await ConnectedClients(client)); // no new connection: all of it was pipelined on the one
    }

    [Fact]
    public async Task A_blocking_GETJOB_holds_up_no_other_command()
    {
        await using var client = gateway.NewClient(o => o.SharedConnections = 1);
        var queue = Names.NewQueue();

        var waiting = client.GetJobsAsync([queue]);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
            Assert.Equal(0, await client.QLenAsync(queue));
        await client.AddJobAsync(queue, "done waiting");

        Assert.InRange(clock.ElapsedMilliseconds, 0, 5_000);
        Assert.Equal("done waiting", Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(10))).BodyText);
    }

    [Fact]
    public async Task Blocking_connections_go_back_to_the_pool_and_are_reused()
    {
        await using var client = gateway.NewClient();
        var queue = Names.NewQueue();
        await client.GetJobsAsync([queue], timeout: TimeSpan.FromMilliseconds(10)); // opens the one blocking connection
        var before = await ConnectedClients(client);

        for (var i = 0; i < 20; i++)
            Assert.Empty(await client.GetJobsAsync([queue], timeout: TimeSpan.FromMilliseconds(10)));

        Assert.Equal(before, await ConnectedClients(client));
    }

    private static async Task<long> ConnectedClients(DisqueClient client)
    {
        var info = (await client.ExecuteAsync(["INFO", "clients"])).Text!;
        var line = info.Split("\r\n").Single(l => l.StartsWith("connected_clients:", StringComparison.Ordinal));
        return long.Parse(line["connected_clients:".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
