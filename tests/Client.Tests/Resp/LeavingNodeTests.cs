using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Resp;

/// <summary>A node leaving the cluster: HELLO ranks it 100 and it answers would-block GETJOBs with -LEAVING. It gets a gateway of its own.</summary>
public sealed class LeavingNodeTests : IAsyncLifetime
{
    private readonly ClientGatewayFixture _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task A_leaving_node_ranks_100_and_a_blocking_GETJOB_gets_LEAVING_when_no_other_node_is_there()
    {
        await using var client = await DisqueClient.ConnectAsync(_gateway.ClientOptions());

        Assert.Equal("OK", (await client.ExecuteAsync(["CLUSTER", "LEAVING", "yes"])).Text);
        await client.RefreshNodesAsync();

        Assert.Equal(GatewayNode.Leaving, Assert.Single(client.Nodes).Priority);
        var leaving = await Assert.ThrowsAsync<LeavingException>(() => client.GetJobsAsync([Names.NewQueue()], timeout: TimeSpan.FromSeconds(5)));
        Assert.Equal("This node is leaving the cluster, please connect to a different one", leaving.Message);
        Assert.Empty(await client.GetJobsAsync([Names.NewQueue()], noHang: true)); // NOHANG never blocks: no LEAVING
    }
}
