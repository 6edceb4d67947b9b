using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Hosting.Health;

public static class HealthHostingExtensions
{
    /// <summary>
    /// The health endpoints of a silo (/alive, /ready on <c>Disque:HealthPort</c>; nothing when
    /// it is 0). Live: <see cref="SiloRunsCheck"/>. Ready: <see cref="MembershipCheck"/>,
    /// <see cref="StoreCheck"/>, <see cref="MemoryCheck"/>, and in durable mode
    /// <see cref="JournalCheck"/>. A gateway adds its RESP listener's check with
    /// <see cref="AddDisqueReadinessCheck{T}"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDisqueHealth(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings();
        if (settings.HealthPort <= 0)
            return builder;
        var address = settings.Bind is "*" or "" ? IPAddress.Any : IPAddress.Parse(settings.Bind);
        builder.Services.AddSingleton(new HealthEndpoint(address, settings.HealthPort));
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<SiloRunsCheck>("silo", tags: [HealthHost.Live])
            .AddCheck<MembershipCheck>("membership", tags: [HealthHost.Ready])
            .AddCheck<StoreCheck>("store", tags: [HealthHost.Ready])
            .AddCheck<MemoryCheck>("memory", tags: [HealthHost.Ready]);
        if (settings.IsDurable)
            checks.AddCheck<JournalCheck>("journal", tags: [HealthHost.Ready]);
        // The checks keep state (a question still unanswered is shared): one instance each.
        builder.Services.AddSingleton<SiloRunsCheck>().AddSingleton<MembershipCheck>().AddSingleton<StoreCheck>()
            .AddSingleton<MemoryCheck>().AddSingleton<JournalCheck>();
        // A check that fails is what /ready answers, with its reason; the log need not say it at every probe.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        builder.Services.AddSingleton<HealthHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HealthHost>());
        return builder;
    }

    /// <summary>One more readiness check (a gateway's RESP listener), when the health endpoints are on.</summary>
    public static IHostApplicationBuilder AddDisqueReadinessCheck<T>(this IHostApplicationBuilder builder, string name)
        where T : class, IHealthCheck
    {
        if (!builder.Services.Any(s => s.ServiceType == typeof(HealthEndpoint)))
            return builder;
        builder.Services.AddSingleton<T>();
        builder.Services.AddHealthChecks().AddCheck<T>(name, tags: [HealthHost.Ready]);
        return builder;
    }
}
