using Disque.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Schedules;

/// <summary>
/// Activates this silo's schedule book once the silo runs: it gathers the schedules the other
/// silos (or, after a whole-cluster restart in durable mode, the archive) know, and starts
/// waking them. Without it a silo's book would start only with the first schedule change.
/// It tries for <see cref="Patience"/>, then gives up with a Warning (the book still starts
/// with the first schedule change).
/// </summary>
public sealed class ScheduleBookStart(ScheduleReplicas replicas, ClusterView cluster, ILogger<ScheduleBookStart> log)
    : BackgroundService
{
    /// <summary>Far longer than a silo takes to start taking calls.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services start before the silo takes calls: wait for it.
        var started = cluster.Time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await replicas.Book(cluster.Self).All();
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                if (cluster.Time.GetElapsedTime(started) >= Patience)
                {
                    log.LogWarning(error, "This silo's schedule book did not start within {Patience}; it starts with the first schedule change", Patience);
                    return;
                }
                log.LogDebug(error, "This silo's schedule book is not up yet");
                await Task.Delay(Pause, cluster.Time, stoppingToken);
            }
        }
    }
}
