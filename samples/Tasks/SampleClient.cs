using Disque.Client;
using Disque.Client.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Disque.Samples;

/// <summary>
/// How the samples reach Disque: under Aspire (samples/AppHost) the connection string
/// <c>ConnectionStrings:jobs</c> and Disque.Aspire.Client, with their spans sent to Aspire's
/// dashboard; run by hand, the <c>Disque</c> section (default 127.0.0.1:7711).
/// </summary>
public static class SampleClient
{
    public const string ConnectionName = "jobs";

    public static IHostApplicationBuilder AddSampleClient(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(ConnectionName) is null)
        {
            builder.Services.AddDisqueClient(client => builder.Configuration.GetSection("Disque").Bind(client));
            return builder;
        }
        // Aspire: the gateways' spans join the producer's trace too.
        builder.AddDisqueClient(ConnectionName, client => client.SendTraceContext = true);
        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is not null)
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddOtlpExporter());
        return builder;
    }
}
