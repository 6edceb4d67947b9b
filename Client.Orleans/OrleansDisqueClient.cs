using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Disque.Client.Orleans.GrainRecords;

namespace Disque.Client.Orleans;

/// <summary>
/// <see cref="IDisqueClient"/> for Orleans applications: each command is a call to
/// the cluster's <see cref="IDisque"/> grain, with the same rules and the same errors
/// as over RESP. Give it the application's <see cref="IClusterClient"/> (or, inside a
/// silo, its <see cref="IGrainFactory"/>).
/// One GetJobs grain call blocks at most <see cref="IDisque.MaxBlockMs"/>, and when
/// the wait can be cancelled at most <see cref="OrleansDisqueClientOptions.BlockSlice"/>:
/// a longer wait is a loop of calls. A grain call cannot be withdrawn, so a cancelled
/// wait ends when its current call returns; a job that call brings back goes back to
/// its queue with NACK (the grain has no ENQUEUE), so no job is held for a gone caller.
/// </summary>
public sealed class OrleansDisqueClient(IGrainFactory grains, OrleansDisqueClientOptions? options = null, ILogger<OrleansDisqueClient>? log = null) : IDisqueClient
{
    private readonly OrleansDisqueClientOptions _options = options ?? new OrleansDisqueClientOptions();
    private readonly ILogger _log = log ?? NullLogger<OrleansDisqueClient>.Instance;

    /// <summary>A stateless worker: the call runs on the silo it reaches; any key will do.</summary>
    private IDisque Disque => grains.GetGrain<IDisque>(0);

    public async Task<string> AddJobAsync(string queue, ReadOnlyMemory<byte> body, AddJobOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= AddJobOptions.Default;
        options.Validate(queue);
        // Traced, the job carries the send span's context to the worker host, as over RESP (see JobBody).
        using var span = DisqueClientTracing.Send(queue);
        var job = new JobSpec
        {
            Queue = queue,
            Body = (span is null ? body : JobBody.WithTraceContext(body, span)).ToArray(),
            TimeoutMs = options.TimeoutMs,
            Replicate = options.Replicate ?? 0,
            DelaySeconds = AddJobOptions.Seconds(options.Delay) ?? 0,
            RetrySeconds = AddJobOptions.Seconds(options.Retry) ?? -1,
            TtlSeconds = AddJobOptions.Seconds(options.Ttl) ?? JobSpec.DefaultTtlSeconds,
            MaxLen = options.MaxLen ?? 0,
            Async = options.Async,
            Priority = options.Priority ?? 0,
            MaxDeliveries = options.MaxDeliveries ?? 0,
            DeadLetter = options.DeadLetter,
            Backoff = options.Backoff is { } b ? new Backoff(b.BaseSeconds, b.CapSeconds) : null,
            UniqueKey = options.UniqueKey,
            UniqueForSeconds = AddJobOptions.Seconds(options.UniqueFor) ?? 0,
            After = options.After is { } after ? [.. after.Select(JobId.Parse)] : null,
            OnFail = options.OnFail == DependencyFailure.Queue ? OnFail.Queue : OnFail.Cancel,
        };
        try
        {
            var id = Value(await Disque.AddJob(job).WaitAsync(cancellation).ConfigureAwait(false)).ToString();
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
        var spec = new GetJobSpec { Queues = [.. queues], Count = count, NoHang = noHang, WithCounters = withCounters };
        if (noHang)
            return Jobs(Value(await Disque.GetJobs(spec).WaitAsync(cancellation).ConfigureAwait(false)), withCounters);
        var deadline = timeout is { } t ? DateTime.UtcNow + t : (DateTime?)null;
        var slice = cancellation.CanBeCanceled ? _options.BlockSlice : TimeSpan.FromMilliseconds(IDisque.MaxBlockMs);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var left = deadline is { } d ? d - DateTime.UtcNow : slice;
            if (left <= TimeSpan.Zero)
                return [];
            var wait = GetJobsArguments.TimeoutMs(left < slice ? left : slice);
            var jobs = Jobs(Value(await Disque.GetJobs(spec with { TimeoutMs = wait }).ConfigureAwait(false)), withCounters);
            if (jobs.Count == 0)
                continue;
            if (cancellation.IsCancellationRequested)
            {
                await PutBack(jobs).ConfigureAwait(false);
                cancellation.ThrowIfCancellationRequested();
            }
            return jobs;
        }
    }

    public async Task<IReadOnlyList<JobOutcome>> WaitJobsAsync(IReadOnlyList<string> ids, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var parsed = ids.Select(id => JobId.TryParse(id, out var job) == JobIdForm.Valid ? job : default).ToArray();
        var deadline = timeout is { } t ? DateTime.UtcNow + t : (DateTime?)null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var left = deadline is { } d ? d - DateTime.UtcNow : TimeSpan.FromMilliseconds(IDisque.MaxBlockMs);
            var wait = left <= TimeSpan.Zero ? -1 : Math.Min(GetJobsArguments.TimeoutMs(left), IDisque.MaxBlockMs);
            var ends = await Disque.WaitJobs(parsed, wait).WaitAsync(cancellation).ConfigureAwait(false);
            // One call waits at most IDisque.MaxBlockMs: what is still pending is waited for again, until the caller's deadline.
            if (wait < 0 || !ends.Contains(JobEnd.Pending) || deadline is { } end && DateTime.UtcNow >= end)
                return [.. ends.Select(e => (JobOutcome)(int)e)];
        }
    }

    public Task<int> AckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count(ids, known => Disque.Ack(known), cancellation);

    public Task<int> FastAckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count(ids, known => Disque.FastAck(known), cancellation);

    public Task<int> NackAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count(ids, known => Disque.Nack(known), cancellation);

    public async Task<int> WorkingAsync(string id, CancellationToken cancellation = default) =>
        Id(id) is { } known
            ? (int)Math.Min(Value(await Disque.Working(known).WaitAsync(cancellation).ConfigureAwait(false)), int.MaxValue)
            : throw Exception(DisqueError.NoJob);

    public Task<long> QLenAsync(string queue, CancellationToken cancellation = default) =>
        Disque.QueueLength(queue).WaitAsync(cancellation);

    public async Task<QueueDetails?> QStatAsync(string queue, CancellationToken cancellation = default) =>
        await Disque.QueueStats(queue).WaitAsync(cancellation).ConfigureAwait(false) is { } stats ? Details(stats) : null;

    public async Task<IReadOnlyList<Job>> QPeekAsync(string queue, long count, CancellationToken cancellation = default) =>
        Jobs(await Disque.Peek(queue, count).WaitAsync(cancellation).ConfigureAwait(false), withCounters: false);

    public async Task<JobDetails?> ShowAsync(string id, CancellationToken cancellation = default) =>
        Id(id) is { } known && await Disque.Show(known).WaitAsync(cancellation).ConfigureAwait(false) is { } job ? Details(job) : null;

    /// <summary>The grains have the failure policy: NACKJOB, FAILJOB and REVIVE are IDisque's Verdict and Revive.</summary>
    public Task<bool> HasFailurePolicyAsync(CancellationToken cancellation = default) => Task.FromResult(true);

    public Task<int> NackJobAsync(IReadOnlyCollection<string> ids, TimeSpan? delay = null, string? reason = null, CancellationToken cancellation = default)
    {
        VerdictArguments.Validate(delay, reason);
        var verdict = new JobVerdict { DelaySeconds = AddJobOptions.Seconds(delay) ?? 0, Reason = reason };
        return Count(ids, known => Disque.Verdict(known, verdict), cancellation);
    }

    public Task<int> FailJobAsync(IReadOnlyCollection<string> ids, string? reason = null, CancellationToken cancellation = default)
    {
        VerdictArguments.Validate(null, reason);
        var verdict = new JobVerdict { ForGood = true, Reason = reason };
        return Count(ids, known => Disque.Verdict(known, verdict), cancellation);
    }

    public Task<int> ReviveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) =>
        Count(ids, known => Disque.Revive(known), cancellation);

    public Task<int> ReviveQueueAsync(string deadLetterQueue, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deadLetterQueue);
        return Disque.ReviveQueue(deadLetterQueue).WaitAsync(cancellation);
    }

    private static async Task<int> Count(IReadOnlyCollection<string> ids, Func<JobId[], Task<int>> command, CancellationToken cancellation)
    {
        var known = Ids(ids);
        return known.Length == 0 ? 0 : await command(known).WaitAsync(cancellation).ConfigureAwait(false);
    }

    private async Task PutBack(IReadOnlyList<Job> jobs)
    {
        try
        {
            await Disque.Nack(Ids(jobs.Select(j => j.Id))).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _log.LogWarning(error, "Could not queue again {Count} jobs a cancelled GetJobs received; they come back after their RETRY", jobs.Count);
        }
    }
}
