using System.Net;
using Disque.Cluster;
using Disque.Jobs;
using Disque.Journal;
using Disque.Node;
using Disque.Queues;
using Disque.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Disque.Hosting;

public static class DisqueSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo a Disque node: clustering and endpoints from the
    /// <c>Disque</c> configuration section, the job store placement, grain
    /// storage, and the services the grains and the gateway share.
    /// </summary>
    public static ISiloBuilder AddDisque(this ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings();
        var advertised = AdvertisedAddress(settings);
        UseClustering(silo, settings, advertised);
        if (settings.OrleansTls.Enabled)
            silo.UseDisqueTls(settings.OrleansTls);
        silo.Services.AddHostedService(sp => new ExposureWarnings(settings, advertised, sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        silo.Services.TryAddSingleton(new NodeState { MaxMemoryBytes = settings.MaxMemoryMb << 20 });
        silo.Services.TryAddSingleton(new Disque.Store.StoreCount(settings.Stores ?? Disque.Store.StoreCount.Default.Value));
        if (settings.IsDurable)
            UseDurableStorage(silo, settings);
        return silo.AddDisqueGrains(settings.FastFailureDetection);
    }

    /// <summary>Everything but clustering: for hosts (such as test clusters) that choose clustering themselves.</summary>
    public static ISiloBuilder AddDisqueGrains(this ISiloBuilder silo, bool fastFailureDetection = false)
    {
        silo.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        // The strongly consistent directory: when a silo dies, its directory ranges are recovered from the
        // living silos, so a queue never has two activations at once (each would deliver the same jobs).
#pragma warning disable ORLEANSEXP003
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        if (!silo.Services.Any(s => s.ServiceType == typeof(IJobJournal)))
        {
            silo.AddMemoryGrainStorage(DisqueStorage.Name);
            silo.Services.AddSingleton<IJobJournal, NoJournal>();
        }
        AddSchedules(silo);
        if (fastFailureDetection)
        {
            silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
            // The directory holds a dead silo's grains back for a lease (Orleans: 30 s) lest it be only slow;
            // with detection this quick, let its queues come back at once.
            silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = TimeSpan.Zero);
        }
        var services = silo.Services;
        services.TryAddSingleton(DisqueClock.System);
        services.TryAddSingleton<NodeState>();
        services.TryAddSingleton<ClusterView>();
        services.TryAddSingleton<LocalQueues>();
        services.TryAddSingleton<QueueRefs>();
        services.TryAddSingleton<DisqueMetrics>();
        services.TryAddSingleton(Disque.Store.StoreCount.Default);
        services.TryAddSingleton<Disque.Store.StoreScheduler>();
        services.TryAddSingleton<Disque.Store.LocalStores>();
        services.TryAddSingleton<IStoreCluster>(sp => sp.GetRequiredService<ClusterView>());
        services.TryAddSingleton<Disque.Store.ILocalStore>(sp => sp.GetRequiredService<Disque.Store.LocalStores>());
        services.TryAddSingleton<JobRouter>();
        services.TryAddSingleton<DisqueNode>();
        services.AddHostedService<LeaveOnShutdown>();
        services.AddHostedService<MemoryWatcher>();
        services.AddHostedService<QueueStateWarmUp>();
        return silo;
    }

    /// <summary>
    /// Recurring schedules: their books and, unless durable mode chose Redis, the in-memory reminder
    /// table and no archive (see Grains/Schedules/).
    /// </summary>
    private static void AddSchedules(ISiloBuilder silo)
    {
        if (!silo.Services.Any(s => s.ServiceType == typeof(IReminderTable)))
            silo.UseInMemoryReminderService();
        silo.Services.TryAddSingleton<IScheduleArchive, NoScheduleArchive>();
        silo.Services.TryAddSingleton<ScheduleReplicas>();
        silo.Services.AddHostedService<ScheduleBookStart>();
    }

    /// <summary>Durable mode: the job journal in Redis, and Orleans' Redis grain storage for queue state.</summary>
    private static void UseDurableStorage(ISiloBuilder silo, SiloSettings settings)
    {
        var connection = string.IsNullOrEmpty(settings.StorageConnection) ? settings.RedisConnection : settings.StorageConnection;
        silo.AddRedisGrainStorage(DisqueStorage.Name, o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(connection));
        silo.Services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ => StackExchange.Redis.ConnectionMultiplexer.Connect(connection));
        silo.Services.AddSingleton<IJobJournal>(sp => new RedisJobJournal(
            sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(),
            sp.GetRequiredService<Orleans.Serialization.Serializer>(),
            settings.ServiceId));
        silo.Services.AddHostedService<RecoverOnStart>();
        // Schedules: their reminders and an archive of their records in the same Redis, so they outlive a restart of the whole cluster.
        silo.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(connection));
        silo.Services.AddSingleton<IScheduleArchive>(sp => new RedisScheduleArchive(
            sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(),
            sp.GetRequiredService<Orleans.Serialization.Serializer>(),
            settings.ServiceId));
    }

    private static void UseClustering(ISiloBuilder silo, SiloSettings settings, IPAddress advertised)
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        switch (settings.Clustering.ToLowerInvariant())
        {
            case "localhost":
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                break;
            case "redis":
                silo.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(settings.RedisConnection));
                break;
            default:
                throw new InvalidOperationException($"Unknown Disque:Clustering '{settings.Clustering}': use localhost or redis.");
        }
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = advertised;
            o.SiloPort = settings.SiloPort;
            o.GatewayPort = settings.GatewayPort;
            if (!IPAddress.IsLoopback(advertised))
            {
                // Reachable from other hosts (containers). With TLS, on every interface (behind NAT the
                // advertised address may not be this host's); without it, on the advertised address only.
                var listen = settings.OrleansTls.Enabled ? IPAddress.Any : advertised;
                o.SiloListeningEndpoint = new IPEndPoint(listen, settings.SiloPort);
                o.GatewayListeningEndpoint = settings.GatewayPort > 0 ? new IPEndPoint(listen, settings.GatewayPort) : null;
            }
        });
    }

    /// <summary>
    /// The address other silos reach this one at: Disque:AdvertisedIP (an address or a host
    /// name); else loopback for the embedded single process, or this host's own address.
    /// </summary>
    private static IPAddress AdvertisedAddress(SiloSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.AdvertisedIP))
            return IPAddress.TryParse(settings.AdvertisedIP, out var ip) ? ip : Resolve(settings.AdvertisedIP);
        if (settings.Clustering.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return IPAddress.Loopback;
        return Resolve(Dns.GetHostName());
    }

    private static IPAddress Resolve(string host) =>
        Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;

    private static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(3);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }
}
