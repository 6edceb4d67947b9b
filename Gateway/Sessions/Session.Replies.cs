using System.Runtime.CompilerServices;
using Disque.Gateway.Commands;
using Disque.Gateway.Resp;

namespace Disque.Gateway.Sessions;

/// <summary>
/// Replies leave in the order their requests came, whatever order the grains
/// answer in. Commands that may overlap (a run of ADDJOBs, a run of ACKJOBs) are
/// all started before the first is awaited, so they travel to the grains
/// together; any other command first waits for everything before it.
/// </summary>
public sealed partial class Session
{
    /// <summary>A command whose reply is still to be written: with its words for the slow log (taken before the request is reused), unless silenced.</summary>
    private readonly record struct Pending(ValueTask<Reply> Reply, Command? Command, long StartedAt, bool Silent, bool Blocking, byte[][]? Words, int WordCount);

    private readonly Queue<Pending> _outstanding = new();
    private Overlap _outstandingOverlap;

    private ValueTask MakeRoomFor(Overlap overlap) =>
        _outstanding.Count > 0 && (overlap == Overlap.None || overlap != _outstandingOverlap) ? DrainOutstanding() : default;

    /// <summary>Writes the reply now if nothing is ahead of it, else queues it; false when it closes the connection.</summary>
    private bool Enqueue(ValueTask<Reply> reply, Command? command, long startedAt, Overlap overlap, bool silent, bool blocking)
    {
        if (_outstanding.Count == 0 && reply.IsCompletedSuccessfully)
        {
            var done = Write(reply.Result, silent);
            if (command is not null)
                Done(command, startedAt, blocking, live: true, null, 0);
            return done;
        }
        var words = command is not null && services.SlowLog.SlowerThan >= 0 ? Monitoring.SlowLog.Capture(_request, services.Settings.RequiresPassword) : null;
        _outstanding.Enqueue(new Pending(reply, command, startedAt, silent, blocking, words, _request.Count));
        _outstandingOverlap = overlap;
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DrainOutstanding()
    {
        while (_outstanding.TryDequeue(out var pending))
        {
            // Replies already written should not wait behind a command that blocks.
            if (!pending.Reply.IsCompleted)
                await FlushAsync();
            Write(await Settle(pending.Reply), pending.Silent);
            if (pending.Command is not null)
                Done(pending.Command, pending.StartedAt, pending.Blocking, live: false, pending.Words, pending.WordCount);
            await FlushIfFull();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Reply> Settle(ValueTask<Reply> pending)
    {
        try
        {
            return await pending;
        }
        catch (Exception error)
        {
            services.LogCommandFailure(error, "pipelined command");
            return Reply.Error(DisqueError.CommandFailed);
        }
    }

    /// <summary>The connection is going away: let running commands finish so none is left half done.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AbandonOutstanding()
    {
        while (_outstanding.TryDequeue(out var pending))
            await Settle(pending.Reply);
    }

    /// <summary>Writes a reply (unless CLIENT REPLY silenced it); false when the connection closes after it.</summary>
    private bool Write(Reply reply, bool silent = false)
    {
        if (silent)
            return !reply.ClosesConnection;
        if (IsMonitor)
            PostReply(reply);
        else
            reply.WriteTo(new RespWriter(transport.Output));
        return !reply.ClosesConnection;
    }

    /// <summary>
    /// A command answered: its time goes to INFO commandstats, the latency monitor and,
    /// when slow enough, the slow log, with its words read now (<paramref name="live"/>:
    /// the request still holds them) or taken before the request was reused.
    /// </summary>
    private void Done(Command command, long startedAt, bool blocking, bool live, byte[][]? words, int wordCount)
    {
        var micros = (long)System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalMicroseconds;
        services.CommandStats.Record(command.LowerName, micros);
        services.Metrics.CommandDone(command.Name, startedAt);
        if (blocking)
            return;
        services.Latency.Add(command.LatencyEvent, micros / 1000);
        if (!services.SlowLog.Wants(micros))
            return;
        if (live)
            services.SlowLog.Add(Monitoring.SlowLog.Capture(_request, services.Settings.RequiresPassword), _request.Count, micros);
        else if (words is not null)
            services.SlowLog.Add(words, wordCount, micros);
    }

    /// <summary>Replies are sent in one write per batch of requests, or as soon as this much waits.</summary>
    private const int FlushEvery = 64 * 1024;

    private ValueTask FlushIfFull() => transport.Output.UnflushedBytes > FlushEvery ? FlushAsync() : default;

    /// <summary>
    /// Sends what was written. When the client leaves more than the output limit
    /// unread, the flush waits; if it still does not read within the output
    /// timeout, the connection is closed, so a client that never reads cannot make
    /// the gateway buffer without bound.
    /// </summary>
    private ValueTask FlushAsync()
    {
        if (IsMonitor)
            return default; // its feed's writer flushes
        services.Stats.BytesOut(transport.Output.UnflushedBytes);
        return FlushWithinTimeout();
    }

    /// <summary>Flushes the connection's output; a <see cref="ClientNotReadingException"/> when the client does not take it within the output timeout.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushWithinTimeout()
    {
        var flush = transport.Output.FlushAsync(closed);
        if (flush.IsCompleted)
        {
            await flush;
            return;
        }
        try
        {
            await flush.AsTask().WaitAsync(TimeSpan.FromSeconds(services.Limits.OutputTimeoutSeconds), services.Time, closed);
        }
        catch (TimeoutException)
        {
            throw new ClientNotReadingException();
        }
    }
}
