using Disque.Cluster;
using Disque.Hosting;
using Disque.Node;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Disque.Tests.Grains;

/// <summary>
/// An in-process Orleans test cluster (Microsoft.Orleans.TestingHost) running
/// Disque's grains, with job time on a FakeTimeProvider the tests move forward.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>The job clock of the silos of the test clusters in this process, but those with a clock of their own.</summary>
    public static FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();

    protected virtual short Silos => 1;

    /// <summary>This cluster's job clock: the shared one unless a fixture needs time of its own.</summary>
    public virtual FakeTimeProvider Clock => Time;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(Silos);
        var clock = Guid.NewGuid().ToString("N");
        Clocks[clock] = Clock;
        builder.Properties[nameof(Clock)] = clock;
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The Disque node of a silo: the same code path the RESP gateway takes.</summary>
    public DisqueNode Node(int silo = 0) =>
        Cluster.GetSiloServiceProvider(Cluster.Silos[silo].SiloAddress).GetRequiredService<DisqueNode>();

    /// <summary>Moves job time forward and gives the stores' timers (every 100 ms of real time) a moment to see it.</summary>
    public static async Task Advance(TimeSpan by)
    {
        Time.Advance(by);
        await Task.Delay(400);
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton(new DisqueClock(Clocks[silo.Configuration[nameof(Clock)]!]));
            silo.AddDisqueGrains(fastFailureDetection: true);
            silo.AddIncomingGrainCallFilter<FaultFilter>();
            silo.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedLogs>();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OneSiloCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "one silo";
}
