using Microsoft.Extensions.Logging;

namespace Disque.Client.Hosting;

/// <summary>
/// What becomes of a job once its handler is done: ACK on success; NACK on failure,
/// back to its queue at once, until it has <see cref="DisqueWorkerOptions.MaxNacks"/>
/// NACKs (GETJOB WITHCOUNTERS tells how many); at the failure after that it is
/// dead-lettered: added to <see cref="DisqueWorkerOptions.DeadLetterQueue"/> with its
/// body, and only then acknowledged, so it is in one queue or the other (both, if
/// the ACK fails: at least once, never lost). Without a dead-letter queue it is
/// acknowledged and logged. A settlement that fails leaves the job to its RETRY.
/// </summary>
internal sealed class Settlement(IDisqueClient client, DisqueWorkerOptions options, ILogger log)
{
    public Task Succeeded(Job job) => Try(job, () => client.AckAsync(job.Id));

    public Task Failed(Job job, Exception error) => Try(job, async () =>
    {
        var nacks = job.Nacks ?? 0;
        if (nacks < options.MaxNacks)
        {
            log.LogWarning(error, "Job {Id} failed (NACKed {Nacks} times before); queued again", job.Id, nacks);
            await client.NackAsync(job.Id).ConfigureAwait(false);
            return;
        }
        if (options.DeadLetterQueue is { } deadLetters)
        {
            var moved = await client.AddJobAsync(deadLetters, job.Body).ConfigureAwait(false);
            log.LogError(error, "Job {Id} failed after {Nacks} NACKs; moved to dead-letter queue {Queue} as {NewId}", job.Id, nacks, deadLetters, moved);
        }
        else
        {
            log.LogError(error, "Job {Id} failed after {Nacks} NACKs and there is no dead-letter queue; dropped", job.Id, nacks);
        }
        await client.AckAsync(job.Id).ConfigureAwait(false);
    });

    /// <summary>Stopped before they finished: back to their queues now (a NACK each).</summary>
    public Task Abandoned(IReadOnlyCollection<string> ids) => ids.Count == 0 ? Task.CompletedTask : Try(null, async () =>
    {
        log.LogWarning("Stop timeout: {Count} jobs still running are queued again", ids.Count);
        await client.NackAsync(ids).ConfigureAwait(false);
    });

    private async Task Try(Job? job, Func<Task> settle)
    {
        try
        {
            await settle().ConfigureAwait(false);
        }
        catch (Exception error) when (error is DisqueException or DisqueConnectionException or ObjectDisposedException)
        {
            log.LogError(error, "Could not settle job {Id}; it comes back after its RETRY", job?.Id);
        }
    }
}
