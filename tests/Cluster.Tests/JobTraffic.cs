using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Disque.Cluster.Tests;

/// <summary>
/// A producer and workers over real TCP, counting every job: accepted (ADDJOB
/// answered with an id), delivered, duplicated, acknowledged, lost, and any job
/// delivered again after its ACKJOB had returned. Clients whose gateway dies
/// reconnect to the next gateway.
/// </summary>
public sealed class JobTraffic(IPEndPoint[] producers, IPEndPoint[] workers, string queue, string addOptions)
{
    private readonly ConcurrentDictionary<string, byte> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _deliveries = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _ackedAt = new();
    private readonly ConcurrentBag<(string Id, TimeSpan At)> _redeliveries = [];
    private readonly ConcurrentBag<string> _resurrected = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _history = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _produced;
    private long _lastDeliveryTicks;

    public string Queue => queue;

    public int Jobs { get; init; } = 2000;

    public int Workers { get; init; } = 4;

    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Jobs added per second, so the failure strikes while jobs are queued, out with workers, and still coming.</summary>
    public int ProduceRate { get; init; } = 500;

    /// <summary>How long a worker works on what GETJOB gave it before it acknowledges.</summary>
    public TimeSpan WorkTime { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>ADDJOB's ms-timeout: 0 waits for the replication however long it takes.</summary>
    public int AddTimeoutMs { get; init; }

    /// <summary>
    /// For jobs that may be lost (at most once): stop waiting for the rest once nothing was
    /// delivered for this long after the last job was produced. Null: wait for every accepted
    /// job until <see cref="Deadline"/>.
    /// </summary>
    public TimeSpan? Quiet { get; init; }

    /// <summary>The share of the jobs produced before the midway action starts.</summary>
    public double MidwayAt { get; init; } = 0.5;

    /// <summary>Runs the traffic; <paramref name="midway"/> happens once <see cref="MidwayAt"/> of the jobs are produced.</summary>
    public async Task<Report> Run(Func<Task> midway)
    {
        var midwayDone = new TaskCompletionSource<TimeSpan>();
        using var stop = new CancellationTokenSource(Deadline);
        var producer = Produce(async () =>
        {
            await midway();
            midwayDone.TrySetResult(_clock.Elapsed);
        });
        var workers = Enumerable.Range(0, Workers).Select(w => Work(w, stop)).ToList();
        await producer;
        var killedAt = await midwayDone.Task;
        var producedAt = _clock.Elapsed;
        while (!stop.IsCancellationRequested && _accepted.Keys.Any(id => !_ackedAt.ContainsKey(id)) && !IsQuiet(producedAt))
            await Task.Delay(100);
        var allAckedAt = _clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        var firstRedelivery = _redeliveries.Where(r => r.At > killedAt).Select(r => (TimeSpan?)(r.At - killedAt)).Min();
        return new Report(
            Accepted: _accepted.Count,
            Delivered: _deliveries.Keys.Count(_accepted.ContainsKey),
            Duplicated: _deliveries.Values.Sum(n => n - 1),
            Lost: _accepted.Keys.Count(id => !_deliveries.ContainsKey(id)),
            NotAcked: _accepted.Keys.Count(id => !_ackedAt.ContainsKey(id)),
            Resurrected: _resurrected.Count,
            Unknown: _deliveries.Keys.Count(id => !_accepted.ContainsKey(id)),
            FirstRedeliveryAfterKill: firstRedelivery,
            KillToAllAcked: allAckedAt - killedAt);
    }

    private async Task Produce(Func<Task> midway)
    {
        await using var client = new FailoverClient(producers);
        const int Batch = 20;
        var midwayStarted = false;
        while (_produced < Jobs)
        {
            var count = Math.Min(Batch, Jobs - _produced);
            var commands = Enumerable.Range(_produced, count)
                .Select(i => (object[])["ADDJOB", queue, $"job-{i}", AddTimeoutMs, .. addOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries)])
                .ToList();
            var replies = await client.Pipeline(commands);
            if (replies is not null)
            {
                foreach (var reply in replies)
                    if (reply is string id)
                        _accepted.TryAdd(id, 0);
            }
            // A batch whose replies were lost with a gateway is not retried: its jobs count as not accepted.
            _produced += count;
            var behind = TimeSpan.FromSeconds((double)_produced / ProduceRate) - _clock.Elapsed;
            if (behind > TimeSpan.Zero)
                await Task.Delay(behind);
            if (!midwayStarted && _produced >= Jobs * MidwayAt)
            {
                midwayStarted = true;
                _ = midway();
            }
        }
    }

    /// <summary>
    /// A worker: GETJOB, work, then one ACKJOB per job (pipelined), so each answer
    /// tells about one job. 1: acknowledged now. 0: the cluster no longer knows the
    /// job: acknowledged before (maybe by an ACKJOB whose answer was lost with a
    /// gateway), so it must never come back. An error: asked again next round.
    /// </summary>
    private async Task Work(int worker, CancellationTokenSource stop)
    {
        await using var client = new FailoverClient([.. workers.Skip(worker % workers.Length), .. workers.Take(worker % workers.Length)]);
        var unacked = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            // A job counts as delivered after its ack only if it was asked for after the ack had returned:
            // a GETJOB answered while an ACKJOB is still on its way may carry the job legitimately.
            var askedAt = _clock.Elapsed;
            var reply = await client.Call("GETJOB", "TIMEOUT", 200, "COUNT", 10, "WITHCOUNTERS", "FROM", queue);
            foreach (object?[] job in (reply as object?[] ?? []).Cast<object?[]>())
            {
                var id = (string)job[1]!;
                var now = _clock.Elapsed;
                if (_ackedAt.TryGetValue(id, out var ackedAt) && ackedAt < askedAt)
                    _resurrected.Add(id);
                _deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
                Interlocked.Exchange(ref _lastDeliveryTicks, now.Ticks);
                if ((long)job[6]! > 0)
                    _redeliveries.Add((id, now));
                Note(id, $"asked for by worker {worker} at {askedAt.TotalMilliseconds:F1} ms, delivered at {now.TotalMilliseconds:F1} ms, additional-deliveries {job[6]}, nacks {job[4]}");
                unacked.Add(id);
            }
            if (unacked.Count == 0)
                continue;
            await Task.Delay(WorkTime);
            var answers = await client.Pipeline([.. unacked.Select(id => new object[] { "ACKJOB", id })]);
            var at = _clock.Elapsed;
            var still = new List<string>();
            for (var i = 0; i < unacked.Count; i++)
            {
                if (answers?[i] is long known)
                {
                    _ackedAt.TryAdd(unacked[i], at);
                    Note(unacked[i], $"acked by worker {worker} ({(known > 0 ? "known" : "no longer known")}), answered at {at.TotalMilliseconds:F1} ms");
                }
                else
                    still.Add(unacked[i]);
            }
            unacked = still;
        }
    }

    private bool IsQuiet(TimeSpan producedAt) =>
        Quiet is { } quiet && _clock.Elapsed - TimeSpan.FromTicks(Math.Max(producedAt.Ticks, Interlocked.Read(ref _lastDeliveryTicks))) > quiet;

    private void Note(string id, string what) => _history.GetOrAdd(id, _ => new()).Enqueue(what);

    /// <summary>
    /// What a test prints after a run: the report, the jobs delivered after their ack,
    /// and the first jobs lost as SHOW describes them through <paramref name="gateway"/>.
    /// </summary>
    public async Task<List<string>> Explain(Report report, IPEndPoint gateway)
    {
        List<string> lines = [report.ToString(), .. Resurrections()];
        lines.AddRange((await Lost(gateway)).Select(line => "lost " + line));
        return lines;
    }

    /// <summary>The jobs accepted and never acknowledged, as SHOW describes them now.</summary>
    private async Task<IEnumerable<string>> Lost(IPEndPoint gateway)
    {
        await using var connection = await TestClient.Open(gateway);
        var lines = new List<string>();
        foreach (var id in _accepted.Keys.Where(id => !_ackedAt.ContainsKey(id) || !_deliveries.ContainsKey(id)).Take(5))
        {
            var show = await connection.Call("SHOW", id) as object?[];
            var text = show is null ? "unknown" : string.Join(" ", show.Select(v => v is object?[] list ? $"[{string.Join(",", list)}]" : $"{v}"));
            lines.Add($"{id}: {text}; history: {string.Join("; ", _history.GetValueOrDefault(id) ?? [])}");
        }
        return lines;
    }

    /// <summary>What happened to the jobs delivered after their ack.</summary>
    private IEnumerable<string> Resurrections() =>
        _resurrected.Distinct().Select(id => $"{id}: {string.Join("; ", _history.GetValueOrDefault(id) ?? [])}");

    public sealed record Report(
        int Accepted, int Delivered, int Duplicated, int Lost, int NotAcked, int Resurrected, int Unknown,
        TimeSpan? FirstRedeliveryAfterKill, TimeSpan KillToAllAcked)
    {
        public override string ToString() =>
            $"accepted {Accepted}, delivered {Delivered}, duplicated {Duplicated}, lost {Lost}, not acked {NotAcked}, delivered after ack {Resurrected}, " +
            $"unknown ids {Unknown}, first redelivery {(FirstRedeliveryAfterKill is { } first ? $"{first.TotalSeconds:F1} s" : "none")} after the kill, all acked {KillToAllAcked.TotalSeconds:F1} s after it";
    }
}

/// <summary>A connection that moves to the next gateway when its gateway stops answering; a failed call answers null.</summary>
public sealed class FailoverClient(IPEndPoint[] gateways) : IAsyncDisposable
{
    private TestClient? _connection;
    private int _next;

    public async Task<object?> Call(params object[] args) => (await Attempt(c => c.Call(args)));

    public async Task<object?[]?> Pipeline(IReadOnlyList<object[]> commands) => (object?[]?)await Attempt(async c => await c.Pipeline(commands));

    private async Task<object?> Attempt(Func<TestClient, Task<object?>> call)
    {
        try
        {
            _connection ??= await TestClient.Open(gateways[_next++ % gateways.Length]);
            return await call(_connection).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or TimeoutException or RespError)
        {
            if (error is not RespError && _connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
            await Task.Delay(100);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
