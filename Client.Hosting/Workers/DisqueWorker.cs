using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Disque.Client.Hosting;

/// <summary>
/// The worker host: <see cref="DisqueWorkerOptions.Concurrency"/> workers, each a loop
/// of GETJOB (one job, WITHCOUNTERS), its handler (with WORKING heartbeats while it
/// runs long), and its settlement. The guarantee: every job this host takes is settled
/// once, ACKed or NACKed (<see cref="Settlement"/>); none is left for its RETRY to
/// bring back, except when Disque cannot be reached to settle it.
/// Stopping: no new job is taken (waiting GETJOBs end, and take nothing); running jobs
/// get <see cref="DisqueWorkerOptions.StopTimeout"/> to finish; those still running
/// then are NACKed back to their queues and their handlers' token fires.
/// </summary>
internal sealed class DisqueWorker : IHostedService, IDisposable
{
    /// <summary>How long a stop waits, after the stop timeout, for handlers to see their token fire.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(2);

    private readonly IDisqueClient _client;
    private readonly DisqueWorkerOptions _options;
    private readonly JobDispatch _dispatch;
    private readonly Heartbeat _heartbeat;
    private readonly Settlement _settlement;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopTaking = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private Task[] _workers = [];

    public DisqueWorker(IDisqueClient client, IOptions<DisqueWorkerOptions> options, IServiceScopeFactory scopes, ILogger<DisqueWorker> log)
    {
        (_client, _options, _log) = (client, options.Value, log);
        _dispatch = new JobDispatch(_options.Handlers, scopes);
        _heartbeat = new Heartbeat(client, _options, log);
        _settlement = new Settlement(client, _options, log);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Queues.Count == 0 || _options.Handlers.Count == 0 || _options.Concurrency < 1)
            throw new InvalidOperationException("A Disque worker needs at least one queue, one handler and a concurrency of 1 or more.");
        _log.LogInformation("{Workers} workers on {Queues} for jobs named {Names}",
            _options.Concurrency, string.Join(", ", _options.Queues), string.Join(", ", _options.Handlers.Keys));
        _workers = [.. Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(Work))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopTaking.CancelAsync().ConfigureAwait(false);
        var all = Task.WhenAll(_workers);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.StopTimeout);
        try
        {
            await all.WaitAsync(limit.Token).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
        }
        // Cancel first, then sweep: a job registered after the sweep sees the cancellation and settles itself.
        await _abandon.CancelAsync().ConfigureAwait(false);
        var abandoned = _running.Values.Where(r => r.Settle()).ToList();
        // A WORKING still on its way would take a job out of its queue again after the NACK.
        await Task.WhenAny(Task.WhenAll(abandoned.Select(r => r.Beating)), Task.Delay(AbandonGrace, CancellationToken.None)).ConfigureAwait(false);
        await _settlement.Abandoned([.. abandoned.Select(r => r.Job.Id)]).ConfigureAwait(false);
        await Task.WhenAny(all, Task.Delay(AbandonGrace, CancellationToken.None)).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopTaking.Dispose();
        _abandon.Dispose();
    }

    private async Task Work()
    {
        string[] queues = [.. _options.Queues];
        while (!_stopTaking.IsCancellationRequested)
        {
            IReadOnlyList<Job> jobs;
            try
            {
                jobs = await _client.GetJobsAsync(queues, 1, _options.GetJobTimeout, withCounters: true, cancellation: _stopTaking.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (_stopTaking.IsCancellationRequested && error is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (Exception error) when (error is DisqueException or DisqueConnectionException)
            {
                _log.LogWarning("GETJOB failed: {Error}", error.Message);
                await Pause().ConfigureAwait(false);
                continue;
            }
            foreach (var job in jobs)
                await Run(job).ConfigureAwait(false);
        }
    }

    private async Task Run(Job job)
    {
        using var span = ProcessSpan.Start(job);
        var running = new Running(job);
        _running[job.Id] = running;
        try
        {
            if (_abandon.IsCancellationRequested)
            {
                if (running.Settle())
                    await _settlement.Abandoned([job.Id]).ConfigureAwait(false);
                return;
            }
            Exception? failure;
            using (var done = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token))
            {
                running.Beating = _heartbeat.Keep(job, done.Token);
                failure = await _dispatch.Run(job, _abandon.Token).ConfigureAwait(false);
                await done.CancelAsync().ConfigureAwait(false);
                await running.Beating.ConfigureAwait(false);
            }
            if (failure is not null)
                DisqueClientTracing.Failed(span, failure);
            if (!running.Settle())
                return; // the stop timeout NACKed it already
            await (failure is null ? _settlement.Succeeded(job) : _settlement.Failed(job, failure)).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
        }
    }

    private async Task Pause()
    {
        try
        {
            await Task.Delay(_options.ErrorBackoff, _stopTaking.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A job being run; settled once, by its worker or by the stop timeout, whichever comes first.</summary>
    private sealed class Running(Job job)
    {
        private int _settled;

        public Job Job { get; } = job;

        /// <summary>Its heartbeat: done once no WORKING for it is on its way.</summary>
        public Task Beating { get; set; } = Task.CompletedTask;

        public bool Settle() => Interlocked.Exchange(ref _settled, 1) == 0;
    }
}
