using Disque.Cluster;
using Disque.Dashboard.Hosting;
using Microsoft.Extensions.Options;

namespace Disque.Gateway.Hosting;

/// <summary>
/// Once the gateway has started, one line says where it listens: RESP (and RESP over
/// TLS), the metrics, the dashboard. It stands in for Kestrel's "Now listening on: http://..."
/// lines, which called the RESP port an HTTP one (appsettings.json silences those).
/// </summary>
internal sealed class ListeningLine(IHostApplicationLifetime lifetime, NodeState node, IOptions<GatewaySettings> options, IServiceProvider services, ILoggerFactory logging)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => logging.CreateLogger("Disque.Orleans").LogInformation("{Line}", Line()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string Line()
    {
        var settings = options.Value;
        var bind = settings.BindAddress.ToString();
        var resp = $"RESP on {node.RespEndpoint?.ToString() ?? $"{bind}:{settings.Port}"}" + (settings.Tls.Enabled ? $" (TLS on {bind}:{settings.Tls.Port})" : "");
        var metrics = settings.MetricsPort > 0
            ? $"metrics on http://{bind}:{settings.MetricsPort}/metrics" + (settings.Dashboard ? $" (Orleans dashboard at /dashboard)" : "")
            : "metrics off (Disque:MetricsPort)";
        var dashboard = services.GetService<DashboardHost>()?.Address is { } address ? $"dashboard on {address}" : "dashboard off (Disque:DashboardPort)";
        return $"Disque.Orleans gateway: {resp}, {metrics}, {dashboard}. Ctrl+C stops it.";
    }
}
