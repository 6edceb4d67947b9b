using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Disque.Cluster;
using Disque.Domain;
using Disque.Gateway.Sessions;
using Orleans.Runtime;

namespace Disque.Gateway.Hosting;

/// <summary>
/// Before RESP clients come, runs the command path over a few dozen times, so that the JIT,
/// tiered compilation's first recompilations and Orleans' first grain calls happen here and
/// not inside the first clients' requests (issue 10, warm start). Started after the cluster
/// is ready (<see cref="ClusterReadiness"/>) and before Kestrel listens.
/// Only commands that leave no trace run: afterwards nothing a client can see has changed
/// (no queue exists that did not, no job, no counter of INFO or /metrics moved). They go
/// through a real <see cref="Session"/> on an in-memory pipe that counts in a
/// <see cref="ServerStats"/> of its own and on a meter /metrics does not export. ADDJOB,
/// GETJOB and ACKJOB cannot run here: a job added, a queue touched or an ack recorded would
/// show. What does run shares their ground: the RESP reader and reply writer, the session's
/// ordering, the command table, the local job store's turn (QLEN of a queue nobody uses;
/// SHOW, and DELJOB of an unknown id, which walks the ack's removal path) and a queue grain's
/// (QSTAT and QPEEK read it without bringing the queue into existence).
/// The warm-up never holds the gateway back: a failure or a cluster slower than
/// <see cref="Patience"/> is logged and RESP is served anyway.
/// </summary>
internal sealed class CommandPathWarmUp(GatewayServices services, ILocalSiloDetails silo, ILogger<CommandPathWarmUp> log) : IHostedService
{
    /// <summary>Past the 30 calls after which tiered compilation recompiles a method, optimized.</summary>
    public const int Rounds = 40;

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A queue name no client is likely to use; only read, so it never comes into existence anyway.</summary>
    internal const string Queue = "disque-orleans-warm-up";

    /// <summary>Bytes of replies the warm-up's session wrote (0 until it has run, or if it failed).</summary>
    internal long RepliedBytes { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Patience);
        try
        {
            RepliedBytes = await Run(limit.Token);
            log.LogInformation("Command path warmed up: {Bytes} bytes of replies to {Rounds} rounds of read-only commands in {Ms:F0} ms",
                RepliedBytes, Rounds, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(error, "Serving RESP without a warmed-up command path: the warm-up did not finish within {Seconds} s", Patience.TotalSeconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs the rounds through a session of its own; the bytes it replied.</summary>
    private async Task<long> Run(CancellationToken cancellation)
    {
        var requests = new Pipe();
        var replies = new Pipe();
        using var metrics = new GatewayMetrics(GatewayMetrics.MeterName + ".WarmUp");
        var apart = services.CountingApart(new ServerStats(), metrics);
        var session = new Session(new DuplexPipe(requests.Reader, replies.Writer), apart, cancellation, abort: () => { }) { Authenticated = true };
        var running = session.RunAsync();
        var reading = Drain(replies.Reader, cancellation);
        var round = Round();
        for (var i = 0; i < Rounds; i++)
            await requests.Writer.WriteAsync(round, cancellation);
        await requests.Writer.CompleteAsync();
        await running.WaitAsync(cancellation);
        await replies.Writer.CompleteAsync();
        return await reading;
    }

    private static async Task<long> Drain(PipeReader replies, CancellationToken cancellation)
    {
        long bytes = 0;
        while (true)
        {
            var read = await replies.ReadAsync(cancellation);
            bytes += read.Buffer.Length;
            replies.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
                return bytes;
        }
    }

    /// <summary>
    /// One round: commands that only read. <paramref name="unknownJob"/> is a well-formed id
    /// no job has: SHOW answers nil and DELJOB 0, and neither records anything.
    /// </summary>
    internal static string[][] Commands(string unknownJob) =>
    [
        ["PING"],
        ["HELLO"],
        ["INFO"],
        ["QLEN", Queue],
        ["QSTAT", Queue],
        ["QPEEK", Queue, "1"],
        ["SHOW", unknownJob],
        ["DELJOB", unknownJob],
        ["JSCAN", "COUNT", "10"],
        ["QSCAN", "COUNT", "10"],
    ];

    /// <summary>The round as RESP multibulks, with a fresh id of this silo's (so SHOW and DELJOB reach its store).</summary>
    private byte[] Round()
    {
        var unknown = new JobIdGenerator(ClusterView.NodePrefix(silo.SiloAddress)).Next(ttlSeconds: 86_400, retrySeconds: 300).ToString();
        var output = new ArrayBufferWriter<byte>();
        foreach (var command in Commands(unknown))
        {
            Append(output, $"*{command.Length}\r\n");
            foreach (var arg in command)
                Append(output, $"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }
        return output.WrittenSpan.ToArray();
    }

    private static void Append(ArrayBufferWriter<byte> output, string text) => Encoding.UTF8.GetBytes(text, output);

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
