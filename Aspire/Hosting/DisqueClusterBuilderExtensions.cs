using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// A Disque.Orleans cluster in an Aspire application: a membership Redis, gateways and silos,
/// each an Aspire resource. Every node serves its health endpoints, and Aspire's health check
/// asks /ready, so <c>WaitFor</c> waits until a node can take jobs; every node sends its spans
/// to Aspire's dashboard (OTLP); each gateway's dashboard is an endpoint of its resource.
/// Nodes listen on loopback, on ports picked when the application model is built.
/// </summary>
public static class DisqueClusterBuilderExtensions
{
    public static DisqueCluster AddDisqueCluster(this IDistributedApplicationBuilder builder, string name, Action<DisqueClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = new DisqueClusterOptions();
        configure?.Invoke(options);
        if (options.Gateways < 1)
            throw new ArgumentException("A Disque cluster needs a gateway at least: clients connect to gateways.", nameof(configure));
        if (options.Silos > 0 && options.Silo is null)
            throw new ArgumentException("Plain silos need DisqueClusterOptions.Silo, their program (Disque.Silo.dll).", nameof(configure));

        var redis = MembershipRedis(builder, $"{name}-redis", options.RedisAsExecutable);
        var redisEndpoint = redis.GetEndpoint("tcp");
        var redisConnection = ReferenceExpression.Create($"{redisEndpoint.Property(EndpointProperty.Host)}:{redisEndpoint.Property(EndpointProperty.Port)}");
        var nodes = new Nodes(builder, name, redis, redisConnection);
        var gateways = Enumerable.Range(1, options.Gateways).Select(i => nodes.Gateway($"{name}-gateway{i}", options)).ToList();
        var silos = Enumerable.Range(1, options.Silos).Select(i => nodes.Add($"{name}-silo{i}", options.Silo!)).ToList();
        var connection = string.Join(",", gateways.Select(g => $"127.0.0.1:{g.Resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "resp").Port}"));
        return new DisqueCluster(name, redis, gateways, silos, connection);
    }

    /// <summary>Gives the resource the cluster's connection string (<c>ConnectionStrings__name</c>) and has it wait until every gateway is ready.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, DisqueCluster cluster)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cluster);
        builder.WithEnvironment($"ConnectionStrings__{cluster.Name}", cluster.ConnectionString);
        foreach (var gateway in cluster.Gateways)
            builder.WaitFor(gateway);
        return builder;
    }

    /// <summary>The membership table's Redis: the redis:7 container, or redis-server from the PATH; healthy once it accepts connections.</summary>
    private static IResourceBuilder<IResourceWithEndpoints> MembershipRedis(IDistributedApplicationBuilder builder, string name, bool executable)
    {
        IResourceBuilder<IResourceWithEndpoints> redis;
        if (executable)
        {
            var port = FreePort.Next();
            redis = builder.AddExecutable(name, "redis-server", ".", "--port", Text(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false);
        }
        else
        {
            redis = builder.AddContainer(name, "redis", "7").WithEndpoint(targetPort: 6379, scheme: "tcp", name: "tcp");
        }
        var endpoint = redis.GetEndpoint("tcp");
        var check = $"{name}-accepts";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(check, _ => new AcceptsConnections(endpoint), HealthStatus.Unhealthy, []));
        return redis.WithHealthCheck(check);
    }

    internal static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Makes the nodes: the settings every node shares, then a gateway's own.</summary>
    private sealed class Nodes(IDistributedApplicationBuilder builder, string cluster, IResourceBuilder<IResourceWithEndpoints> redis, ReferenceExpression redisConnection)
    {
        public IResourceBuilder<ExecutableResource> Add(string name, DisqueNodeProgram program)
        {
            var health = FreePort.Next();
            return builder.AddExecutable(name, program.Command, program.WorkingDirectory, [.. program.Args])
                .WithEnvironment("Disque__Clustering", "redis")
                .WithEnvironment("Disque__RedisConnection", redisConnection)
                .WithEnvironment("Disque__ClusterId", cluster)
                .WithEnvironment("Disque__ServiceId", cluster)
                .WithEnvironment("Disque__AdvertisedIP", "127.0.0.1")
                .WithEnvironment("Disque__SiloPort", Text(FreePort.Next()))
                .WithEnvironment("Disque__GatewayPort", "0")
                .WithEnvironment("Disque__HealthPort", Text(health))
                .WithHttpEndpoint(port: health, targetPort: health, name: "health", isProxied: false)
                .WithHttpHealthCheck("/ready", endpointName: "health")
                .WithOtlpExporter()
                .WaitFor(redis);
        }

        public IResourceBuilder<ExecutableResource> Gateway(string name, DisqueClusterOptions options)
        {
            var resp = FreePort.Next();
            var gateway = Add(name, options.Gateway)
                .WithEnvironment("Disque__Port", Text(resp))
                .WithEndpoint(port: resp, targetPort: resp, scheme: "tcp", name: "resp", isProxied: false);
            if (options.Dashboard)
            {
                var dashboard = FreePort.Next();
                gateway.WithEnvironment("Disque__DashboardPort", Text(dashboard))
                    .WithHttpEndpoint(port: dashboard, targetPort: dashboard, name: "dashboard", isProxied: false);
            }
            return gateway;
        }
    }
}
