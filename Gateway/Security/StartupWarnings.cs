using Disque.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Disque.Gateway.Security;

/// <summary>
/// At start, says what strangers can reach of RESP and the dashboard: protected mode on (bound
/// beyond loopback with no password: only this host is served), or turned off with no password.
/// </summary>
internal sealed class StartupWarnings(IOptions<GatewaySettings> options, ILoggerFactory logging) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var log = logging.CreateLogger("Disque.Orleans");
        if (settings.Protects)
        {
            log.LogWarning(
                "RESP is bound to {Bind} with no password: protected mode is on, only clients on this host are served (others get a DENIED error, and the dashboard answers only browsers on this host). Set Disque:Password, bind to loopback, or set Disque:ProtectedMode=false.",
                settings.Bind);
        }
        else if (!settings.RequiresPassword && !System.Net.IPAddress.IsLoopback(settings.BindAddress))
        {
            log.LogWarning(
                "RESP and the dashboard are bound to {Bind} with no password and Disque:ProtectedMode=false: anyone who can reach these ports can add, take and delete jobs.",
                settings.Bind);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
