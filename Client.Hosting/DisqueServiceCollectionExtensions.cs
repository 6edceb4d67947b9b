using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Client.Hosting;

public static class DisqueServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IDisqueClient"/> as a <see cref="DisqueClient"/> (RESP), one for the application, logging through its loggers.</summary>
    public static IServiceCollection AddDisqueClient(this IServiceCollection services, Action<DisqueClientOptions>? configure = null)
    {
        services.TryAddSingleton(s =>
        {
            var options = new DisqueClientOptions { LoggerFactory = s.GetService<ILoggerFactory>() };
            configure?.Invoke(options);
            return new DisqueClient(options);
        });
        services.TryAddSingleton<IDisqueClient>(s => s.GetRequiredService<DisqueClient>());
        return services;
    }

    /// <summary>
    /// Adds the worker host: handlers by job name over the queues configured, on the
    /// application's <see cref="IDisqueClient"/> (<see cref="AddDisqueClient"/>, or the
    /// Orleans one). Register it after the Orleans client, so it stops before it.
    /// </summary>
    public static IServiceCollection AddDisqueWorker(this IServiceCollection services, Action<DisqueWorkerOptions> configure)
    {
        services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DisqueWorker>());
        return services;
    }
}
