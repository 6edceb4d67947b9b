using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Resp;

/// <summary>HELLO, and what the client does when a configured node is not there.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class NodeChoiceTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task HELLO_names_the_node_and_the_client_uses_it()
    {
        await using var client = await DisqueClient.ConnectAsync(gateway.ClientOptions());

        var node = Assert.Single(client.Nodes);

        Assert.Matches("^[0-9a-f]{40}$", node.Id);
        Assert.Equal((new NodeEndpoint("127.0.0.1", gateway.Port), GatewayNode.Healthy), (node.Endpoint, node.Priority));
        Assert.Equal(node, client.CurrentNode);
        var id = await client.AddJobAsync(Names.NewQueue(), "x");
        Assert.Equal(node.Id[..8], id[2..10]); // the job was made by the node HELLO named
    }

    [Fact]
    public async Task A_configured_node_that_is_down_is_passed_over()
    {
        var down = $"127.0.0.1:{FreePorts.Next()}";
        await using var client = new DisqueClient(new DisqueClientOptions { Endpoints = [down, $"localhost:{gateway.Port}"] });

        var id = await client.AddJobAsync(Names.NewQueue(), "x");

        Assert.NotNull(await client.ShowAsync(id));
        Assert.Equal(new NodeEndpoint("localhost", gateway.Port), client.CurrentNode!.Endpoint); // kept at the address it was reached at
        Assert.Equal([GatewayNode.Healthy, GatewayNode.LastResort], client.Nodes.Select(n => n.Priority));
        Assert.Equal(NodeEndpoint.Parse(down), client.Nodes[1].Endpoint);
    }

    [Fact]
    public async Task With_no_node_up_a_command_fails_with_a_connection_error_having_run_nowhere()
    {
        await using var client = new DisqueClient(new DisqueClientOptions { Endpoints = [$"127.0.0.1:{FreePorts.Next()}"] });

        var error = await Assert.ThrowsAsync<DisqueConnectionException>(() => client.AddJobAsync("q", "x"));

        Assert.False(error.MayHaveRun);
        Assert.Contains("No Disque node answered ADDJOB", error.Message);
        await Assert.ThrowsAsync<DisqueConnectionException>(() => DisqueClient.ConnectAsync(new DisqueClientOptions { Endpoints = [$"127.0.0.1:{FreePorts.Next()}"] }));
    }

    [Theory]
    [InlineData("10.0.0.1:7712", "10.0.0.1", 7712)]
    [InlineData("disque", "disque", 7711)]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("::1", "::1", 7711)]
    public void Endpoints_read_as_host_and_port(string text, string host, int port) =>
        Assert.Equal(new NodeEndpoint(host, port), NodeEndpoint.Parse(text));
}
