using Disque.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Disque.Hosting.Tracing;

/// <summary>
/// Tracing, off by default. <c>Disque:Tracing=true</c> makes spans for the messages between
/// silos that carry jobs and has Orleans carry the trace context across grain calls;
/// <c>Disque:OtlpEndpoint</c> (or OpenTelemetry's own <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, as
/// Aspire sets it) also exports the node's spans over OTLP, which turns tracing on. RESP
/// commands' spans are made whenever anything listens to <see cref="DisqueTracing.Source"/>.
/// </summary>
public static class TracingHostingExtensions
{
    /// <summary>OpenTelemetry's standard variable for the exporter's address.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddDisqueTracing(this IHostApplicationBuilder builder, ISiloBuilder silo, string serviceName)
    {
        var settings = builder.Configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings();
        var endpoint = settings.OtlpEndpoint.Length > 0 ? settings.OtlpEndpoint : builder.Configuration[OtlpEndpointVariable] ?? "";
        if (!settings.Tracing && endpoint.Length == 0)
            return builder;
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<StoreMessageSpans>();
        if (endpoint.Length == 0)
            return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithTracing(tracing => tracing
                .AddSource(DisqueTracing.SourceName, ActivitySources.ApplicationGrainActivitySourceName)
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = new Uri(endpoint);
                    // Without OpenTelemetry's variable for it, the port says the protocol: 4318 is OTLP over HTTP.
                    if (builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] is null && otlp.Endpoint.Port == 4318)
                        otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                }));
        return builder;
    }
}
