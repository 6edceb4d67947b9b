using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Disque.Client.Orleans;

public static class OrleansDisqueClientExtensions
{
    /// <summary>
    /// Registers <see cref="IDisqueClient"/> as <see cref="OrleansDisqueClient"/> over the
    /// application's Orleans client (UseOrleansClient) or, in a silo, its grain factory.
    /// </summary>
    public static IServiceCollection AddDisqueOrleansClient(this IServiceCollection services, Action<OrleansDisqueClientOptions>? configure = null)
    {
        var options = new OrleansDisqueClientOptions();
        configure?.Invoke(options);
        services.TryAddSingleton<IDisqueClient>(s =>
            new OrleansDisqueClient(s.GetRequiredService<IGrainFactory>(), options, s.GetService<ILogger<OrleansDisqueClient>>()));
        return services;
    }
}
