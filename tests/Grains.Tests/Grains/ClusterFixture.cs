using System.Collections.Concurrent;
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

    /// <summary>K, the job stores of each silo (Disque:Stores): the default unless a fixture chooses.</summary>
    public virtual int Stores => Disque.Store.StoreCount.Default.Value;

    /// <summary>The keys of every job store of a silo.</summary>
    public IEnumerable<string> StoreKeysOf(Orleans.Runtime.SiloAddress silo) => Enumerable.Range(0, Stores).Select(k => StoreKeys.For(silo, k));

    /// <summary>This cluster's job clock: the shared one unless a fixture needs time of its own.</summary>
    public virtual FakeTimeProvider Clock => Time;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The test clusters of this process that are up; they share <see cref="Time"/>.</summary>
    private static readonly ConcurrentDictionary<ClusterFixture, byte> Deployed = new();

    public async Task InitializeAsync()
    {
        StoreTicks.Watch();
        var builder = new TestClusterBuilder(Silos);
        var clock = Guid.NewGuid().ToString("N");
        Clocks[clock] = Clock;
        builder.Properties[nameof(Clock)] = clock;
        builder.Properties[nameof(Stores)] = Stores.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Deployed.TryAdd(this, 0);
    }

    public async Task DisposeAsync()
    {
        Deployed.TryRemove(this, out _);
        await Cluster.DisposeAsync();
    }

    /// <summary>The Disque node of a silo: the same code path the RESP gateway takes.</summary>
    public DisqueNode Node(int silo = 0) =>
        Cluster.GetSiloServiceProvider(Cluster.Silos[silo].SiloAddress).GetRequiredService<DisqueNode>();

    /// <summary>
    /// Moves job time forward, then waits until the job store of every running silo (of every
    /// test cluster, as they share the clock) has run a whole tick at the new time: its timer
    /// runs every 100 ms of real time, later on a busy machine.
    /// </summary>
    public static async Task Advance(TimeSpan by)
    {
        // Every running silo's store is up (and so ticking) before time moves: a store brought up a moment
        // ago has no completed tick yet, and waiting for one is the only way to know it ran at the new time.
        var stores = Deployed.Keys.SelectMany(f => f.Cluster.Silos.Where(s => s.IsActive).SelectMany(s => f.StoreKeysOf(s.SiloAddress).Select(key => (f.Cluster, Key: key)))).ToList();
        await Task.WhenAll(stores.Select(s => s.Cluster.Client.GetGrain<Disque.Wire.IJobStore>(s.Key).Describe()));
        Time.Advance(by);
        await StoreTicks.Until(Time.GetUtcNow(), () => Deployed.Keys
            .SelectMany(f => f.Cluster.Silos.Where(s => s.IsActive).SelectMany(s => f.StoreKeysOf(s.SiloAddress))));
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton(new DisqueClock(Clocks[silo.Configuration[nameof(Clock)]!]));
            silo.Services.AddSingleton(new Disque.Store.StoreCount(int.Parse(silo.Configuration[nameof(Stores)]!, System.Globalization.CultureInfo.InvariantCulture)));
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
