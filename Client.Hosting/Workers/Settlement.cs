using System.Text;
using Microsoft.Extensions.Logging;

namespace Disque.Client.Hosting;

/// <summary>
/// What becomes of a job once its handler is done: ACK on success. On failure, when the
/// server has a failure policy (Disque.Orleans), the server keeps the dead letters: NACKJOB
/// with the handler's exception as the reason, until the job's deliveries (GETJOB
/// WITHCOUNTERS: its NACKs and additional deliveries, and this one) reach
/// <see cref="DisqueWorkerOptions.MaxNacks"/>; then FAILJOB, which moves it, id, body and
/// history, to its dead-letter queue. Against a plain Disque: NACK, back to its queue at
/// once, until it has <see cref="DisqueWorkerOptions.MaxNacks"/> NACKs; at the failure after
/// that it is dead-lettered: added to <see cref="DisqueWorkerOptions.DeadLetterQueue"/> with its
/// body, and only then acknowledged, so it is in one queue or the other (both, if
/// the ACK fails: at least once, never lost). Without a dead-letter queue it is
/// acknowledged and logged. A settlement that fails leaves the job to its RETRY.
/// </summary>
internal sealed class Settlement(IDisqueClient client, DisqueWorkerOptions options, ILogger log)
{
    /// <summary>The longest reason the server keeps, in UTF-8 bytes (NACKJOB and FAILJOB refuse a longer one).</summary>
    private const int MaxReasonBytes = 1024;

    public Task Succeeded(Job job) => Try(job, () => client.AckAsync(job.Id));

    public Task Failed(Job job, Exception error) => Try(job, async () =>
    {
        if (options.UseServerPolicy && await client.HasFailurePolicyAsync().ConfigureAwait(false))
            await FailedOnServer(job, error).ConfigureAwait(false);
        else
            await FailedHere(job, error).ConfigureAwait(false);
    });

    /// <summary>The server's policy: NACKJOB with the reason, FAILJOB at the last delivery.</summary>
    private async Task FailedOnServer(Job job, Exception error)
    {
        var deliveries = (job.Nacks ?? 0) + (job.AdditionalDeliveries ?? 0) + 1;
        var reason = Reason(error);
        if (deliveries < options.MaxNacks)
        {
            log.LogWarning(error, "Job {Id} failed (delivery {Deliveries} of {Max}); queued again", job.Id, deliveries, options.MaxNacks);
            await client.NackJobAsync(job.Id, reason: reason).ConfigureAwait(false);
            return;
        }
        log.LogError(error, "Job {Id} failed at delivery {Deliveries} of {Max}; moved to its dead-letter queue", job.Id, deliveries, options.MaxNacks);
        await client.FailJobAsync(job.Id, reason).ConfigureAwait(false);
    }

    /// <summary>The handler's exception as a reason the server keeps: its type and message, cut to <see cref="MaxReasonBytes"/> on a character's boundary.</summary>
    private static string Reason(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}";
        if (Encoding.UTF8.GetByteCount(text) <= MaxReasonBytes)
            return text;
        var bytes = Encoding.UTF8.GetBytes(text);
        var end = MaxReasonBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
            end--; // bytes[end] continues a character: that character is left out whole
        return Encoding.UTF8.GetString(bytes, 0, end);
    }

    /// <summary>A plain Disque (or <see cref="DisqueWorkerOptions.UseServerPolicy"/> off): NACK, then the client-side dead-letter queue.</summary>
    private async Task FailedHere(Job job, Exception error)
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
    }

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
