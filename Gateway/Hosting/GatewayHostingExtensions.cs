using Disque.Cluster;
using Disque.Gateway.Resp;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Disque.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>The listen backlog, Disque's 511 (CONFIG GET tcp-backlog).</summary>
    public const int ListenBacklog = 511;

    /// <summary>Serves RESP on <c>Disque:Bind</c>:<c>Disque:Port</c> through Kestrel, and nothing else on that port.</summary>
    public static WebApplicationBuilder AddDisqueGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<GatewaySettings>(builder.Configuration.GetSection(GatewaySettings.Section));
        services.Configure<ProtocolLimits>(builder.Configuration.GetSection("Disque:Limits"));
        services.AddSingleton<ServerStats>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<Sessions.ClientRegistry>();
        services.AddSingleton<Monitoring.SlowLog>();
        services.AddSingleton<Monitoring.LatencyMonitor>();
        services.AddSingleton<Monitoring.CommandStats>();
        services.AddSingleton<Monitoring.ClusterMessages>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Security.SecurityEvents>();
        services.AddSingleton<Security.AuthThrottle>();
        services.AddSingleton<GatewayServices>();
        // Hosted services start in this order, after the silo and before Kestrel listens:
        // the cluster settles, then the command path is warmed up on it.
        services.AddHostedService<ClusterReadiness>();
        services.AddHostedService<CommandPathWarmUp>();
        services.AddHostedService<RespEndpointPublisher>();
        services.AddHostedService<ListeningLine>();
        services.AddHostedService<Security.StartupWarnings>();
        var limits = builder.Configuration.GetSection("Disque:Limits").Get<ProtocolLimits>() ?? new ProtocolLimits();
        builder.WebHost.UseSockets(sockets =>
        {
            // RESP commands never block a thread, so Kestrel may run them on the socket's own thread: one hop less per request.
            sockets.UnsafePreferInlineScheduling = true;
            // Disque's tcp-backlog.
            sockets.Backlog = ListenBacklog;
            // Replies a client leaves unread beyond this make the gateway wait (and, after the output timeout, hang up).
            sockets.MaxWriteBufferSize = limits.MaxOutputBytes;
        });
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var settings = context.Configuration.GetSection(GatewaySettings.Section).Get<GatewaySettings>() ?? new GatewaySettings();
            // Large bodies are bounded by the protocol limits, not by Kestrel's HTTP request limits.
            kestrel.Limits.MaxRequestBufferSize = null;
            kestrel.Listen(settings.BindAddress, settings.Port, listen => listen.UseConnectionHandler<RespConnectionHandler>());
            if (settings.MetricsPort > 0)
                kestrel.Listen(settings.BindAddress, settings.MetricsPort);
            if (settings.Tls.Enabled)
            {
                kestrel.Listen(settings.BindAddress, settings.Tls.Port, listen =>
                {
                    listen.UseHttps(TlsCertificate.Load(settings.Tls));
                    listen.UseConnectionHandler<RespConnectionHandler>();
                });
            }
        });
        return builder;
    }
}

/// <summary>Once Kestrel listens, tells the node where its RESP clients connect (for HELLO).</summary>
internal sealed class RespEndpointPublisher(Microsoft.AspNetCore.Hosting.Server.IServer server, NodeState node, IOptions<GatewaySettings> settings,
    Monitoring.ClusterMessages messages, Orleans.Runtime.ILocalSiloDetails silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        var first = addresses?.Select(a => new Uri(a.Replace("://+", "://0.0.0.0", StringComparison.Ordinal))).FirstOrDefault();
        var port = first?.Port ?? settings.Value.Port;
        var bind = settings.Value.BindAddress;
        node.RespEndpoint = new System.Net.IPEndPoint(bind, port);
        node.Announced = (Announced(settings.Value, bind, silo.SiloAddress.Endpoint.Address), settings.Value.AnnouncePort > 0 ? settings.Value.AnnouncePort : port);
        // Counting Orleans' messages starts with the silo, not with the first RESP client.
        _ = messages.MessagesSent;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The announce address; else the bind address; else (bound to every interface) the silo's advertised address, never 0.0.0.0.</summary>
    internal static string Announced(GatewaySettings settings, System.Net.IPAddress bind, System.Net.IPAddress advertised) =>
        settings.AnnounceIP.Length > 0 ? settings.AnnounceIP
        : bind.Equals(System.Net.IPAddress.Any) || bind.Equals(System.Net.IPAddress.IPv6Any) ? advertised.ToString()
        : bind.ToString();
}
