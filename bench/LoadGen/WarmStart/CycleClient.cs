using System.Diagnostics;
using Disque.Client.Resp;
using Disque.LoadGen.Connections;
using Disque.LoadGen.Cycle;

namespace Disque.LoadGen.WarmStart;

/// <summary>
/// One client doing whole job cycles one command at a time, as a plain client does:
/// ADDJOB, wait for its reply; GETJOB COUNT 1, wait; ACKJOB of the job it got, wait.
/// Each cycle's time runs from the ADDJOB's send to the ACKJOB's reply.
/// </summary>
public sealed class CycleClient(PipelinedConnection connection, WarmStartOptions options)
{
    private readonly AddJobCommand _add = new(options.Queue, options.BodySize, "0", []);
    private readonly RespCommand _get = new RespCommand("GETJOB").Add("TIMEOUT").Add(5000).Add("COUNT").Add(1).Add("FROM").Add(options.Queue);

    /// <summary>Replies that were errors, or a GETJOB that found nothing in 5 s.</summary>
    public int Errors { get; private set; }

    /// <summary>Runs <paramref name="cycles"/> cycles; each one's start and length (Stopwatch ticks) go to <paramref name="timings"/>.</summary>
    public async Task Run(int cycles, List<(long Start, long Ticks)> timings)
    {
        for (var i = 0; i < cycles; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await Cycle(start);
            timings.Add((start, Stopwatch.GetTimestamp() - start));
        }
    }

    /// <summary>Runs cycles, untimed, until <paramref name="until"/> (a Stopwatch timestamp).</summary>
    public async Task RunUntil(long until)
    {
        while (Stopwatch.GetTimestamp() < until)
            await Cycle(Stopwatch.GetTimestamp());
    }

    private async Task Cycle(long now)
    {
        _add.Write(connection.Output, now);
        await connection.FlushAsync();
        if (Failed(await connection.ReadAsync()))
            return;
        var got = await connection.Call(_get);
        if (Failed(got))
            return;
        if (got.Items is not { Count: > 0 } jobs)
        {
            Errors++;
            return;
        }
        Failed(await connection.Call(new RespCommand("ACKJOB").Add(jobs[0].Items[1].Bytes!)));
    }

    private bool Failed(RespValue reply)
    {
        if (reply.IsError)
            Errors++;
        return reply.IsError;
    }
}
