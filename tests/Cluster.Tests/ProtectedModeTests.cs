namespace Disque.Cluster.Tests;

/// <summary>
/// Issue 23: protected mode, as in Redis. A gateway bound beyond loopback with no password serves
/// only clients on its own host, and tells the others why; Disque:ProtectedMode=false opens it.
/// The stranger is a client in a network namespace of the test's own, across a bridge.
/// </summary>
public sealed class ProtectedModeTests
{
    [NetworkFact]
    public async Task Bound_beyond_loopback_without_a_password_a_stranger_is_refused_and_this_host_is_served()
    {
        using var network = NamespaceNetwork.Create();
        network.AddressOf("stranger");
        await using var gateway = await StartGateway(network, protectedMode: true);

        Assert.Contains("DENIED Disque is running in protected mode", Ping(network, gateway.Port, "stranger"));
        Assert.Equal("PONG", Ping(network, gateway.Port, from: null));
        Assert.Contains(gateway.Process.Lines, line => line.Contains("protected mode", StringComparison.OrdinalIgnoreCase));
    }

    [NetworkFact]
    public async Task ProtectedMode_false_serves_every_client()
    {
        using var network = NamespaceNetwork.Create();
        network.AddressOf("stranger");
        await using var gateway = await StartGateway(network, protectedMode: false);

        Assert.Equal("PONG", Ping(network, gateway.Port, "stranger"));
    }

    /// <summary>PING from the stranger's namespace, or from this host (null), to the gateway on this host's side of the bridge.</summary>
    private static string Ping(NamespaceNetwork network, int port, string? from) =>
        ShortCommand.Run([.. from is null ? [] : network.Prefix(from), "redis-cli", "-h", network.RedisAddress.ToString(), "-p", port.ToString(), "PING"]).Trim();

    private static async Task<Gateway> StartGateway(NamespaceNetwork network, bool protectedMode)
    {
        var program = BuildOutput.Program("Gateway", "Disque.Gateway");
        var port = FreePorts.Next();
        var process = NodeProcess.Start("protected-mode", "dotnet",
        [
            program, $"--Disque:Port={port}", $"--Disque:Bind={network.RedisAddress}", $"--Disque:SiloPort={FreePorts.Next()}",
            $"--Disque:GatewayPort={FreePorts.Next()}", $"--Disque:ClusterId=protected-{port}", $"--Disque:ProtectedMode={protectedMode}",
        ], Path.GetDirectoryName(program));
        var gateway = new Gateway(process, port);
        try
        {
            await Wait.Until(() => !process.HasExited && ShortCommand.Works("redis-cli", "-h", network.RedisAddress.ToString(), "-p", port.ToString(), "PING"),
                seconds: 90, what: "the gateway answers");
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private sealed record Gateway(NodeProcess Process, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
