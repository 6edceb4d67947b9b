using System.Diagnostics;
using Disque.Client.Protocol;
using Disque.Client.Resp;
using Microsoft.Extensions.Logging;

namespace Disque.Client;

/// <summary>The typed commands of <see cref="IDisqueClient"/>, over RESP.</summary>
public sealed partial class DisqueClient
{
    public async Task<string> AddJobAsync(string queue, ReadOnlyMemory<byte> body, AddJobOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= AddJobOptions.Default;
        options.Validate(queue);
        using var span = DisqueClientTracing.Send(queue);
        var command = span is null ? DisqueCommands.AddJob(queue, body, options)
            : DisqueCommands.AddJob(queue, JobBody.WithTraceContext(body, span), options, _options.SendTraceContext ? span.Id : null);
        try
        {
            // ADDJOB waits up to its own ms-timeout for the copies: the reply may take that long.
            var id = DisqueReplies.Text(await Run(command, repeatable: false, cancellation, options.Timeout).ConfigureAwait(false));
            span?.SetTag(DisqueClientTracing.JobIdTag, id);
            return id;
        }
        catch (Exception error)
        {
            DisqueClientTracing.Failed(span, error);
            throw;
        }
    }

    public async Task<IReadOnlyList<Job>> GetJobsAsync(IReadOnlyList<string> queues, int count = 1, TimeSpan? timeout = null,
        bool noHang = false, bool withCounters = false, CancellationToken cancellation = default)
    {
        GetJobsArguments.Validate(queues, count, timeout);
        await EnsureStarted(cancellation).ConfigureAwait(false);
        var (reply, _) = noHang
            ? await SendAsync(DisqueCommands.GetJob(queues, count, null, noHang: true, withCounters), repeatable: true, TimeSpan.Zero, cancellation).ConfigureAwait(false)
            : await SendBlockingAsync(left => DisqueCommands.GetJob(queues, count, left, noHang: false, withCounters), timeout, cancellation).ConfigureAwait(false);
        var jobs = DisqueReplies.Jobs(reply);
        if (cancellation.IsCancellationRequested)
        {
            // The jobs arrived as the caller gave up: they go back to their queues rather than to no one.
            if (jobs.Count > 0)
                await PutBack(jobs).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
        }
        return jobs;
    }

    public Task<int> AckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count("ACKJOB", ids, repeatable: true, cancellation);

    public async Task<IReadOnlyList<JobOutcome>> WaitJobsAsync(IReadOnlyList<string> ids, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        if (ids.Count == 0)
            return [];
        await EnsureStarted(cancellation).ConfigureAwait(false);
        var (reply, _) = await SendBlockingAsync(left => DisqueCommands.WaitJob(ids, left is { } l && l <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : left), timeout, cancellation).ConfigureAwait(false);
        return [.. DisqueReplies.Checked(reply).Items.Select(item => JobOutcomes.Parse(item.Text ?? ""))];
    }

    public Task<int> FastAckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count("FASTACK", ids, repeatable: true, cancellation);

    /// <summary>NACK is not repeated after a broken connection: the first may have queued the job, which another worker may hold by then.</summary>
    public Task<int> NackAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count("NACK", ids, repeatable: false, cancellation);

    public async Task<int> WorkingAsync(string id, CancellationToken cancellation = default) =>
        (int)DisqueReplies.Integer(await Run(DisqueCommands.WithArgs("WORKING", id), repeatable: true, cancellation).ConfigureAwait(false));

    public async Task<long> QLenAsync(string queue, CancellationToken cancellation = default) =>
        DisqueReplies.Integer(await Run(DisqueCommands.WithArgs("QLEN", queue), repeatable: true, cancellation).ConfigureAwait(false));

    public async Task<QueueDetails?> QStatAsync(string queue, CancellationToken cancellation = default) =>
        DisqueReplies.QStat(await Run(DisqueCommands.WithArgs("QSTAT", queue), repeatable: true, cancellation).ConfigureAwait(false));

    public async Task<IReadOnlyList<Job>> QPeekAsync(string queue, long count, CancellationToken cancellation = default) =>
        DisqueReplies.Jobs(await Run(new RespCommand("QPEEK").Add(queue).Add(count), repeatable: true, cancellation).ConfigureAwait(false));

    public async Task<JobDetails?> ShowAsync(string id, CancellationToken cancellation = default) =>
        DisqueReplies.Show(await Run(DisqueCommands.WithArgs("SHOW", id), repeatable: true, cancellation).ConfigureAwait(false));

    /// <summary>COMMAND INFO nackjob, asked once per node: an entry on Disque.Orleans, nil on a real Disque.</summary>
    public async Task<bool> HasFailurePolicyAsync(CancellationToken cancellation = default)
    {
        if (CurrentNode is { } node && _failurePolicy.TryGetValue(node.Endpoint, out var known))
            return known;
        await EnsureStarted(cancellation).ConfigureAwait(false);
        var (reply, answered) = await SendAsync(DisqueCommands.WithArgs("COMMAND", "INFO", "nackjob"), repeatable: true, TimeSpan.Zero, cancellation).ConfigureAwait(false);
        var has = DisqueReplies.Checked(reply).Items is [{ IsNull: false }];
        _failurePolicy[answered] = has;
        return has;
    }

    /// <summary>NACKJOB is not repeated after a broken connection, as NACK is not.</summary>
    public Task<int> NackJobAsync(IReadOnlyCollection<string> ids, TimeSpan? delay = null, string? reason = null, CancellationToken cancellation = default)
    {
        VerdictArguments.Validate(delay, reason);
        return Count("NACKJOB", ids, repeatable: false, cancellation, DisqueCommands.Verdict("NACKJOB", ids, delay, reason));
    }

    /// <summary>Repeated after a broken connection: FAILJOB on a dead letter does nothing.</summary>
    public Task<int> FailJobAsync(IReadOnlyCollection<string> ids, string? reason = null, CancellationToken cancellation = default)
    {
        VerdictArguments.Validate(null, reason);
        return Count("FAILJOB", ids, repeatable: true, cancellation, DisqueCommands.Verdict("FAILJOB", ids, null, reason));
    }

    /// <summary>Repeated after a broken connection: REVIVE on a job no longer a dead letter does nothing.</summary>
    public Task<int> ReviveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count("REVIVE", ids, repeatable: true, cancellation);

    public async Task<int> ReviveQueueAsync(string deadLetterQueue, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deadLetterQueue);
        return (int)DisqueReplies.Integer(await Run(DisqueCommands.WithArgs("REVIVE", "QUEUE", deadLetterQueue), repeatable: true, cancellation).ConfigureAwait(false));
    }

    /// <summary>
    /// ACKJOB, FASTACK, NACK, NACKJOB, FAILJOB, REVIVE: a settle span each while traced (the child of a worker's process span).
    /// <paramref name="full"/>: the command when it has more than its ids.
    /// </summary>
    private async Task<int> Count(string command, IReadOnlyCollection<string> ids, bool repeatable, CancellationToken cancellation, RespCommand? full = null)
    {
        if (ids.Count == 0)
            return 0;
        using var span = DisqueClientTracing.Start(command, ActivityKind.Client, "settle", command);
        span?.SetTag(DisqueClientTracing.JobIdTag, string.Join(",", ids));
        try
        {
            return (int)DisqueReplies.Integer(await Run(full ?? DisqueCommands.WithIds(command, ids), repeatable, cancellation).ConfigureAwait(false));
        }
        catch (Exception error)
        {
            DisqueClientTracing.Failed(span, error);
            throw;
        }
    }

    private async Task<RespValue> Run(RespCommand command, bool repeatable, CancellationToken cancellation, TimeSpan extraTime = default)
    {
        await EnsureStarted(cancellation).ConfigureAwait(false);
        return (await SendAsync(command, repeatable, extraTime, cancellation).ConfigureAwait(false)).Reply;
    }

    /// <summary>ENQUEUE: back in the queue at once, counted as an additional delivery, not as a failure (NACK).</summary>
    private async Task PutBack(IReadOnlyList<Job> jobs)
    {
        try
        {
            await Run(DisqueCommands.WithIds("ENQUEUE", jobs.Select(j => j.Id)), repeatable: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is DisqueException or DisqueConnectionException)
        {
            _log.LogWarning(error, "Could not queue again {Count} jobs a cancelled GETJOB received; they come back after their RETRY", jobs.Count);
        }
    }
}
