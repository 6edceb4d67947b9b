using Disque.Node;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Hosting;

/// <summary>
/// A clean stop (SIGTERM, SHUTDOWN) first hands this silo's copies to the other
/// silos, so every job keeps its replication level. Registered after Orleans,
/// so it stops first, while the silo is still an active member.
/// </summary>
internal sealed class LeaveOnShutdown(DisqueNode node, ILogger<LeaveOnShutdown> log) : IHostedService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await node.HandOff().WaitAsync(Limit, cancellationToken);
        }
        catch (Exception error)
        {
            log.LogWarning(error, "Could not hand every job over before stopping");
        }
    }
}
