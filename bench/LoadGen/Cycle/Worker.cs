using System.Diagnostics;
using Disque.Client.Resp;
using Disque.LoadGen.Connections;
using Disque.LoadGen.Stats;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// One worker connection: GETJOB COUNT k, then ACKJOB of every job it got, sent in the
/// same write as its next GETJOB. A job's end-to-end latency runs from its ADDJOB send
/// time (read from its body) to the ACKJOB reply. While producers run the worker waits in
/// GETJOB TIMEOUT; once they are done it drains with NOHANG and stops at the first empty reply.
/// </summary>
public sealed class Worker(PipelinedConnection connection, string queue, int count, int waitMs, CycleState state)
{
    private readonly RespCommand _waitingGet = waitMs > 0
        ? new RespCommand("GETJOB").Add("TIMEOUT").Add(waitMs).Add("COUNT").Add(count).Add("FROM").Add(queue)
        : new RespCommand("GETJOB").Add("NOHANG").Add("COUNT").Add(count).Add("FROM").Add(queue);
    private readonly RespCommand _drainingGet = new RespCommand("GETJOB").Add("NOHANG").Add("COUNT").Add(count).Add("FROM").Add(queue);
    // Ids as the server sent them: written back into ACKJOB as they are, never turned into strings.
    private readonly List<(byte[] Id, long SentAt)> _taken = new(count);

    public LatencyLog EndToEnd { get; } = new();

    public async Task Run()
    {
        while (true)
        {
            var draining = state.ProducersDone;
            if (_taken.Count > 0)
                WriteAck();
            connection.Write(draining ? _drainingGet : _waitingGet);
            await connection.FlushAsync();
            if (_taken.Count > 0)
                Acked(await connection.ReadAsync());
            var reply = await connection.ReadAsync();
            if (reply.IsError)
            {
                state.Error("GETJOB", reply.Text);
                if (draining)
                    return;
                await Task.Delay(10);
                continue;
            }
            if (reply.Items is not { Count: > 0 } jobs)
            {
                if (draining)
                    return;
                if (waitMs == 0)
                    await Task.Delay(1); // polling with NOHANG: do not spin on an empty queue
                continue;
            }
            // Indexed, not foreach: enumerating the IReadOnlyList would allocate an enumerator per reply.
            for (var i = 0; i < jobs.Count; i++)
            {
                var job = jobs[i].Items;
                TimedBody.TryReadSentAt(job[2].Bytes, out var sentAt);
                _taken.Add((job[1].Bytes!, sentAt));
            }
        }
    }

    private void WriteAck()
    {
        var ack = new RespCommand("ACKJOB");
        foreach (var (id, _) in _taken)
            ack.Add(id);
        connection.Write(ack);
    }

    private void Acked(RespValue reply)
    {
        var now = Stopwatch.GetTimestamp();
        if (reply.IsError)
            state.Error("ACKJOB", reply.Text);
        else if (reply.Integer != _taken.Count)
            state.Error("ACKJOB", "SHORTACK (fewer jobs acked than sent)");
        state.JobsAcked(_taken.Count, now);
        if (state.InWindow(now))
        {
            foreach (var (_, sentAt) in _taken)
            {
                if (sentAt > 0)
                    EndToEnd.Add(now - sentAt);
            }
        }
        _taken.Clear();
    }
}
