using Disque.Gateway.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Client.Tests.Fixtures;

/// <summary>
/// A gateway in this process on free loopback ports (the gateway tests' fixture),
/// with its Orleans gateway port known too, and an Orleans client joined to it on demand.
/// </summary>
public class ClientGatewayFixture : GatewayFixture, IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private IHost? _orleans;

    /// <summary>The silo's Orleans gateway port, for IClusterClient.</summary>
    public int OrleansPort { get; } = FreePorts.Next();

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

    /// <summary>An Orleans client joined to this gateway's silo (localhost clustering), started once.</summary>
    public async Task<IClusterClient> OrleansClient()
    {
        await _starting.WaitAsync();
        try
        {
            if (_orleans is null)
            {
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.UseOrleansClient(client => client.UseLocalhostClustering(OrleansPort, "disque", ClusterId));
                _orleans = builder.Build();
                await _orleans.StartAsync();
            }
            return _orleans.Services.GetRequiredService<IClusterClient>();
        }
        finally
        {
            _starting.Release();
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_orleans is not null)
        {
            await _orleans.StopAsync();
            _orleans.Dispose();
        }
        await DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClientGatewayCollection : ICollectionFixture<ClientGatewayFixture>
{
    public const string Name = "client-gateway";
}
