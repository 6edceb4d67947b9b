using Disque.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Schedules;

/// <summary>
/// Activates this silo's schedule book once the silo runs: it gathers the schedules the other
/// silos (or, after a whole-cluster restart in durable mode, the archive) know, and starts
/// waking them. Without it a silo's book would start only with the first schedule change.
/// </summary>
public sealed class ScheduleBookStart(ScheduleReplicas replicas, ClusterView cluster, ILogger<ScheduleBookStart> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services start before the silo takes calls: wait for it.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await replicas.Book(cluster.Self).All();
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogDebug(error, "This silo's schedule book is not up yet");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
