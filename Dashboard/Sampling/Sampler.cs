using Disque.Client;
using Disque.Dashboard.Hosting;
using Disque.Dashboard.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Dashboard.Sampling;

/// <summary>
/// Reads the cluster's counters every <see cref="Every"/> (INFO nodes) and every queue's
/// every <see cref="QueuesEvery"/> samples (QSCAN, QSTAT), from the server's start on,
/// for the rates and charts INFO alone cannot give. A sample that fails leaves a gap.
/// </summary>
internal sealed class Sampler(DisqueCalls disque, ClusterHistory cluster, QueueHistory queues, ServerLifetime server, TimeProvider time, ILogger<Sampler> log)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    private const int QueuesEvery = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (server.Started.Register(started.SetResult))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        using var timer = new PeriodicTimer(Every, time);
        var tick = 0;
        try
        {
            do
                await Sample(tick++ % QueuesEvery == 0, stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Sample(bool withQueues, CancellationToken cancellation)
    {
        try
        {
            cluster.Add(await disque.Nodes(cancellation).ConfigureAwait(false));
            if (!withQueues)
                return;
            var names = await disque.QueueNames(cancellation).ConfigureAwait(false);
            var stats = await Task.WhenAll(names.Select(q => disque.QStat(q, cancellation))).ConfigureAwait(false);
            queues.Scanned([.. stats.OfType<QueueDetails>()]);
        }
        catch (Exception error) when (error is DisqueException or DisqueConnectionException or FormatException or ObjectDisposedException)
        {
            log.LogDebug(error, "A dashboard sample failed; the next one tries again");
        }
    }
}
