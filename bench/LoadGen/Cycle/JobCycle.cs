using System.Diagnostics;
using Disque.LoadGen.Connections;
using Disque.LoadGen.Stats;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// Runs producers and workers against one server: jobs added, taken and acked, and what
/// that cost in time. Counts only what happens inside the window (after the warm-up),
/// then stops the producers and lets the workers drain the queue.
/// </summary>
public static class JobCycle
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    public static async Task<CycleReport> Run(CycleOptions options)
    {
        var producerConnections = await OpenMany(options, options.Producers);
        var workerConnections = await OpenMany(options, options.Workers);
        await using var infoConnection = await PipelinedConnection.Open(options.Host, options.Port);
        var probe = new ServerProbe(infoConnection, options.Pid, options.AlsoPids);
        try
        {
            var counted = options.Jobs > 0;
            var state = new CycleState(counted ? TimeSpan.Zero : options.Warmup, counted ? null : options.Duration, options.Jobs, options.MaxBacklog);
            var producers = producerConnections
                .Select(c => new Producer(c, new AddJobCommand(options.Queue, options.BodySize, options.TimeoutMs, options.AddJobOptions, options.Groups, options.Unique), state))
                .ToArray();
            var workers = workerConnections.Select(c => new Worker(c, options.Queue, options.Count, options.WaitMs, state)).ToArray();
            var cpu = CpuClock.Start(probe);
            var sampler = options.SampleEvery > 0 ? new MemorySampler(probe, options.SampleEvery, () => state.Acked) : null;
            if (sampler is not null)
                await sampler.Sample();

            var working = workers.Select(w => Task.Run(w.Run)).ToArray();
            var producing = producers.Select(p => Task.Run(() => options.Rate is { } rate ? p.RunPaced(rate / producers.Length) : p.RunClosedLoop(options.Pipeline))).ToArray();
            var sampling = sampler?.Run();
            if (!counted)
            {
                await Task.Delay(options.Warmup);
                cpu.WindowOpened();
                await Task.Delay(options.Duration);
                cpu.WindowClosed();
                state.StopProducing = true;
            }
            await Task.WhenAll(producing);
            var backlog = state.Sent - state.Rejected - state.Acked;
            state.ProducersDone = true;
            await WaitForDrain(working, state);
            var finished = Stopwatch.GetTimestamp();
            if (counted)
                cpu.WindowClosed();
            sampler?.Stop();
            if (sampling is not null)
                await sampling;
            if (sampler is not null)
                await sampler.Sample();

            var seconds = counted ? Stopwatch.GetElapsedTime(state.Start, finished).TotalSeconds : options.Duration.TotalSeconds;
            return new CycleReport(
                options,
                Seconds: seconds,
                Added: counted ? state.Sent - state.Rejected : state.AddedInWindow,
                Completed: counted ? state.Acked : state.AckedInWindow,
                BacklogAtStop: backlog,
                Left: state.Sent - state.Rejected - state.Acked,
                AddLatency: LatencyLog.Summarize(producers.Select(p => p.Latency)),
                EndToEnd: LatencyLog.Summarize(workers.Select(w => w.EndToEnd)),
                Errors: state.Errors.OrderBy(e => e.Key).Select(e => $"{e.Key}:{e.Value}").ToArray(),
                LoadGenCores: cpu.LoadGenCores,
                ServerCores: cpu.ServerCores,
                Samples: sampler?.Samples ?? []);
        }
        finally
        {
            foreach (var connection in producerConnections.Concat(workerConnections))
                await connection.DisposeAsync();
        }
    }

    private static async Task WaitForDrain(Task[] working, CycleState state)
    {
        var all = Task.WhenAll(working);
        if (await Task.WhenAny(all, Task.Delay(DrainLimit)) != all)
            state.Error("DRAIN", "TIMEOUT workers still busy after " + DrainLimit.TotalSeconds + " s");
        else
            await all;
    }

    private static async Task<PipelinedConnection[]> OpenMany(CycleOptions options, int count)
    {
        var connections = new PipelinedConnection[count];
        for (var i = 0; i < count; i++)
            connections[i] = await PipelinedConnection.Open(options.Host, options.Port);
        return connections;
    }
}
