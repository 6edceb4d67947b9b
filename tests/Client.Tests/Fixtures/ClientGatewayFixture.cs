using Disque.Gateway.Tests.EndToEnd;

namespace Disque.Client.Tests.Fixtures;

/// <summary>
/// A gateway in this process on free loopback ports (the gateway tests' fixture),
/// with its Orleans gateway port known too, so Orleans clients can join it.
/// </summary>
public class ClientGatewayFixture : GatewayFixture
{
    /// <summary>The silo's Orleans gateway port, for IClusterClient.</summary>
    public int OrleansPort { get; } = FreePort();

    /// <summary>The Orleans cluster id the fixture gives its silo; the service id is the default, "disque".</summary>
    public string ClusterId => $"test-{Port}";

    /// <summary>Later arguments win: this replaces the fixture's own random Orleans gateway port.</summary>
    protected override IEnumerable<string> Settings => [$"--Disque:GatewayPort={OrleansPort}", .. ExtraSettings];

    protected virtual IEnumerable<string> ExtraSettings => [];

    public DisqueClientOptions ClientOptions() => new() { Endpoints = [$"127.0.0.1:{Port}"] };

    public DisqueClient NewClient(Action<DisqueClientOptions>? configure = null)
    {
        var options = ClientOptions();
        configure?.Invoke(options);
        return new DisqueClient(options);
    }
}

[CollectionDefinition(Name)]
public sealed class ClientGatewayCollection : ICollectionFixture<ClientGatewayFixture>
{
    public const string Name = "client-gateway";
}
