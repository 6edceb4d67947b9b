using Disque.Cluster;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace Disque.Gateway.Hosting;

/// <summary>
/// What operators look at: OpenTelemetry metrics (Disque's counters, RESP command
/// latencies, .NET runtime) scraped by Prometheus at /metrics, and the Orleans
/// Dashboard at /dashboard, both on their own HTTP port, Disque:MetricsPort
/// (0: neither). The dashboard is off unless Disque:Dashboard is true.
/// </summary>
public static class Observability
{
    public static WebApplicationBuilder AddDisqueObservability(this WebApplicationBuilder builder, ISiloBuilder silo)
    {
        var settings = builder.Configuration.GetSection(GatewaySettings.Section).Get<GatewaySettings>() ?? new GatewaySettings();
        if (settings.MetricsPort <= 0)
            return builder;
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(DisqueMetrics.MeterName, GatewayMetrics.MeterName, Security.SecurityEvents.MeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        if (settings.Dashboard)
            silo.AddDashboard();
        return builder;
    }

    /// <summary>Serves /metrics (and /dashboard) on the metrics port only.</summary>
    public static WebApplication MapDisqueObservability(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewaySettings>>().Value;
        if (settings.MetricsPort <= 0)
            return app;
        var onMetricsPort = $"*:{settings.MetricsPort}";
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost(onMetricsPort);
        if (settings.Dashboard)
            app.MapOrleansDashboard("/dashboard").RequireHost(onMetricsPort);
        return app;
    }
}
