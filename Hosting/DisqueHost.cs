using Disque.Hosting.Health;
using Disque.Hosting.Tracing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Hosting;

/// <summary>The plain silo's host: a Disque node that holds jobs and queues and serves no RESP.</summary>
public static class DisqueHost
{
    /// <summary>Settings files (appsettings.json) are read from beside the program, whatever the working directory.</summary>
    public static string ContentRoot => AppContext.BaseDirectory;

    public static IHost Silo(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = ContentRoot });
        // Quiet by default, as the gateway: warnings and the host's start and stop (Logging:LogLevel settings override it).
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.AddDisqueHealth();
        builder.UseOrleans(silo =>
        {
            silo.AddDisque(builder.Configuration);
            builder.AddDisqueTracing(silo, "disque-silo");
        });
        return builder.Build();
    }
}
