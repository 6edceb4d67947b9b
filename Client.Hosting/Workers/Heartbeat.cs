using Microsoft.Extensions.Logging;

namespace Disque.Client.Hosting;

/// <summary>
/// WORKING for a job whose handler runs long, so its RETRY does not run out and
/// the job is not delivered to another worker meanwhile. The first WORKING comes
/// after <see cref="DisqueWorkerOptions.FirstHeartbeat"/> (before the shortest RETRY,
/// 1 s, could end); its reply is the job's RETRY, and the next WORKINGs come every
/// <see cref="DisqueWorkerOptions.HeartbeatFraction"/> of it, each postponing the
/// next delivery by a whole RETRY. A job that is gone (NOJOB) or past half its TTL
/// (TOOLATE) can no longer be kept: the heartbeat stops and says so.
/// A WORKING once sent is waited for, even when the handler is done meanwhile: the
/// ACK or NACK that follows must reach the node after it (a WORKING that lands after
/// a NACK takes the job out of its queue again, as in Disque).
/// </summary>
internal sealed class Heartbeat(IDisqueClient client, DisqueWorkerOptions options, ILogger log)
{
    /// <summary>Beats until <paramref name="done"/> fires (the handler returned, or was abandoned).</summary>
    public async Task Keep(Job job, CancellationToken done)
    {
        if (options.FirstHeartbeat == Timeout.InfiniteTimeSpan)
            return;
        var wait = options.FirstHeartbeat;
        try
        {
            while (true)
            {
                await Task.Delay(wait, done).ConfigureAwait(false);
                try
                {
                    var retry = await client.WorkingAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
                    if (retry <= 0)
                        return; // at most once (RETRY 0): no delivery to hold off
                    wait = TimeSpan.FromSeconds(retry * options.HeartbeatFraction);
                }
                catch (Exception error) when (error is NoJobException or TooLateException)
                {
                    log.LogWarning("Job {Id} can no longer be kept from another worker: {Error}", job.Id, error.Message);
                    return;
                }
                catch (Exception error) when (error is DisqueException or DisqueConnectionException && !done.IsCancellationRequested)
                {
                    log.LogWarning("WORKING for job {Id} failed, trying again: {Error}", job.Id, error.Message);
                    wait = options.FirstHeartbeat;
                }
            }
        }
        catch (Exception error) when (done.IsCancellationRequested || error is ObjectDisposedException)
        {
            // The handler is done (or the host is going): whatever the last WORKING met no longer matters.
        }
    }
}
