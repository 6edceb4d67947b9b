using Disque.Client;
using Disque.Client.Aspire;
using Disque.Client.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class DisqueClientBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IDisqueClient"/> for the cluster named <paramref name="connectionName"/>
    /// (its connection string, <c>ConnectionStrings:name</c>, as Aspire's <c>WithReference</c> gives it),
    /// a health check that PINGs it, and the client's spans for OpenTelemetry (the worker host's too).
    /// </summary>
    public static IHostApplicationBuilder AddDisqueClient(this IHostApplicationBuilder builder, string connectionName, Action<DisqueClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"No connection string '{connectionName}' (ConnectionStrings:{connectionName}): reference the Disque cluster from the app host.");
        builder.Services.AddDisqueClient(options =>
        {
            DisqueConnectionString.Apply(connection, options);
            configure?.Invoke(options);
        });
        builder.Services.AddHealthChecks().AddCheck<DisqueHealthCheck>($"disque-{connectionName}", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(DisqueClientTracing.SourceName));
        return builder;
    }
}
