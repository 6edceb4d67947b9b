using Disque.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Hosting;

/// <summary>
/// Durable mode: once the silo is up, its job store takes over the journaled jobs
/// no living silo holds (a cluster that restarted whole). In the background, so
/// the silo starts serving at once; the jobs appear in their queues as they come back.
/// </summary>
internal sealed class RecoverOnStart(ClusterView cluster, ILogger<RecoverOnStart> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await cluster.LocalStore.Recover();
        }
        catch (Exception error)
        {
            log.LogWarning(error, "Recovering journaled jobs failed; the next membership change tries again");
        }
    }
}
