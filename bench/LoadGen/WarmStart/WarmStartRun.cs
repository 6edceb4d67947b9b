using System.Diagnostics;
using System.Net.Sockets;
using Disque.Client.Resp;
using Disque.LoadGen.Connections;
using Disque.LoadGen.Stats;

namespace Disque.LoadGen.WarmStart;

/// <summary>
/// What the first job cycles after a server starts cost against warm ones. Waits until the
/// server answers PING (start it just before), then at once times <see cref="WarmStartOptions.Cycles"/>
/// job cycles spread over <see cref="WarmStartOptions.Clients"/> new connections; keeps
/// cycling, untimed, for <see cref="WarmStartOptions.Settle"/>; then times the same number
/// again on new connections. Both phases open their connections inside the timing, as a
/// newly started client would. The load generator's own first cycles are slow too (its JIT):
/// given <see cref="WarmStartOptions.ClientWarmup"/>, it first cycles on that server, already
/// running, so that what the first phase shows is the measured server's cold start.
/// </summary>
public static class WarmStartRun
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static async Task<WarmStartReport> Run(WarmStartOptions options)
    {
        if (options.ClientWarmup is var (host, port))
            await Phase(options with { Host = host, Port = port, Cycles = options.Clients, Pid = null }, settle: options.ClientWarmupTime);
        var waited = await UntilReady(options);
        var first = await Phase(options, settle: TimeSpan.Zero);
        var warm = await Phase(options, settle: options.Settle);
        return new WarmStartReport(options, waited, first, warm);
    }

    /// <summary>Connects and sends PING until +PONG comes back; how long that took.</summary>
    private static async Task<TimeSpan> UntilReady(WarmStartOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await using var connection = await PipelinedConnection.Open(options.Host, options.Port);
                if ((await connection.Call(new RespCommand("PING"))).Text == "PONG")
                    return Stopwatch.GetElapsedTime(started);
            }
            catch (Exception error) when (error is SocketException or IOException)
            {
                // Not listening yet, or it hung up while starting.
            }
            if (Stopwatch.GetElapsedTime(started) > options.ReadyWithin)
                throw new TimeoutException($"{options.Host}:{options.Port} did not answer PING within {options.ReadyWithin.TotalSeconds} s");
            await Task.Delay(Poll);
        }
    }

    /// <summary>
    /// One timed phase: new connections, <see cref="WarmStartOptions.Cycles"/> cycles over them.
    /// With a <paramref name="settle"/> time, those connections first cycle untimed that long.
    /// </summary>
    private static async Task<WarmStartPhase> Phase(WarmStartOptions options, TimeSpan settle)
    {
        var clients = new CycleClient[options.Clients];
        var connections = new PipelinedConnection[options.Clients];
        try
        {
            if (settle > TimeSpan.Zero)
            {
                await Open(options, connections, clients);
                var until = Stopwatch.GetTimestamp() + (long)(settle.TotalSeconds * Stopwatch.Frequency);
                await Task.WhenAll(clients.Select(c => c.RunUntil(until)));
                await Close(connections);
            }
            var cpuBefore = ProcessCpu.Nanoseconds(options.Pid);
            var started = Stopwatch.GetTimestamp();
            await Open(options, connections, clients);
            var timings = clients.Select(_ => new List<(long Start, long Ticks)>()).ToArray();
            await Task.WhenAll(clients.Select((c, i) => c.Run(Share(options, i), timings[i])));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpuAfter = ProcessCpu.Nanoseconds(options.Pid);
            return new WarmStartPhase(
                elapsed,
                [.. timings.SelectMany(t => t).OrderBy(t => t.Start).Select(t => t.Ticks)],
                cpuAfter - cpuBefore,
                clients.Sum(c => c.Errors));
        }
        finally
        {
            await Close(connections);
        }
    }

    /// <summary>Client <paramref name="i"/>'s share of the cycles: as even as they divide.</summary>
    private static int Share(WarmStartOptions options, int i) =>
        (options.Cycles / options.Clients) + (i < options.Cycles % options.Clients ? 1 : 0);

    private static async Task Open(WarmStartOptions options, PipelinedConnection[] connections, CycleClient[] clients)
    {
        var opened = await Task.WhenAll(connections.Select(_ => PipelinedConnection.Open(options.Host, options.Port)));
        for (var i = 0; i < opened.Length; i++)
        {
            connections[i] = opened[i];
            clients[i] = new CycleClient(opened[i], options);
        }
    }

    private static async Task Close(PipelinedConnection?[] connections)
    {
        for (var i = 0; i < connections.Length; i++)
        {
            if (connections[i] is { } connection)
                await connection.DisposeAsync();
            connections[i] = null!;
        }
    }
}
