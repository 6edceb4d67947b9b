using Disque.Node;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Disque.Hosting;

/// <summary>
/// A clean stop (SIGTERM, SHUTDOWN) first hands this silo's copies to the other
/// silos, so every job keeps its replication level. Registered after Orleans,
/// so it stops first, while the silo is still an active member. The hand-off
/// takes at most half the host's shutdown timeout, leaving Orleans the rest
/// (<see cref="BoundedStop"/> ends the process at the full timeout).
/// </summary>
internal sealed class LeaveOnShutdown(DisqueNode node, IOptions<HostOptions> host, ILogger<LeaveOnShutdown> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var within = host.Value.ShutdownTimeout / 2;
            await node.HandOff(within).WaitAsync(within, cancellationToken);
        }
        catch (Exception error)
        {
            log.LogWarning(error, "Could not hand every job over before stopping");
        }
    }
}
