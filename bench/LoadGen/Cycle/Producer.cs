using System.Diagnostics;
using System.Threading.Channels;
using Disque.Client.Resp;
using Disque.LoadGen.Connections;
using Disque.LoadGen.Stats;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// One producer connection sending ADDJOB. Closed loop (--max): keeps <c>depth</c>
/// requests in flight, sending as many new ones as replies came back. Paced (--rate):
/// sends on a fixed schedule whatever the replies do, so a slow server shows up as
/// latency rather than as a lower offered load. Latency runs from the moment the
/// request is handed to the socket to the moment its reply is parsed.
/// </summary>
public sealed class Producer(PipelinedConnection connection, AddJobCommand command, CycleState state)
{
    public LatencyLog Latency { get; } = new();

    public async Task RunClosedLoop(int depth)
    {
        var inFlight = new Queue<long>(depth);
        while (true)
        {
            if (!state.StopProducing && inFlight.Count < depth)
            {
                await state.WaitForBacklogRoom();
                var count = state.StopProducing ? 0 : state.Take(depth - inFlight.Count);
                if (count > 0)
                {
                    var now = Stopwatch.GetTimestamp();
                    for (var i = 0; i < count; i++)
                    {
                        command.Write(connection.Output, now);
                        inFlight.Enqueue(now);
                    }
                    state.JobsSent(count);
                    await connection.FlushAsync();
                }
            }
            if (inFlight.Count == 0)
                return;
            var reply = await connection.ReadAsync();
            do
                Answered(inFlight.Dequeue(), reply);
            while (connection.TryReadBuffered(out reply));
        }
    }

    public async Task RunPaced(double jobsPerSecond)
    {
        var inFlight = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reading = ReadPacedReplies(inFlight.Reader);
        var interval = Stopwatch.Frequency / jobsPerSecond;
        var start = Stopwatch.GetTimestamp();
        long issued = 0;
        while (!state.StopProducing)
        {
            var now = Stopwatch.GetTimestamp();
            var due = (int)Math.Min(int.MaxValue, (long)((now - start) / interval) + 1 - issued);
            if (due <= 0)
            {
                // Sleep until the next job is due (timers tick in whole milliseconds).
                var untilNext = start + (issued * interval) - now;
                await Task.Delay(Math.Max(1, (int)(untilNext * 1000 / Stopwatch.Frequency)));
                continue;
            }
            due = state.Take(due);
            if (due == 0)
                break;
            for (var i = 0; i < due; i++)
            {
                command.Write(connection.Output, now);
                inFlight.Writer.TryWrite(now);
            }
            issued += due;
            state.JobsSent(due);
            await connection.FlushAsync();
        }
        inFlight.Writer.Complete();
        await reading;
    }

    private async Task ReadPacedReplies(ChannelReader<long> inFlight)
    {
        await foreach (var sentAt in inFlight.ReadAllAsync())
            Answered(sentAt, await connection.ReadAsync());
    }

    private void Answered(long sentAt, RespValue reply)
    {
        var now = Stopwatch.GetTimestamp();
        if (reply.IsError)
        {
            state.Error("ADDJOB", reply.Text);
            return;
        }
        if (state.InWindow(sentAt))
        {
            Latency.Add(now - sentAt);
            Interlocked.Increment(ref state.AddedInWindow);
        }
    }
}
