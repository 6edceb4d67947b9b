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
    private readonly Queue<(ValueTask<Reply> Reply, Command? Command, long StartedAt)> _outstanding = new();
    private Overlap _outstandingOverlap;

    private ValueTask MakeRoomFor(Overlap overlap) =>
        _outstanding.Count > 0 && (overlap == Overlap.None || overlap != _outstandingOverlap) ? DrainOutstanding() : default;

    /// <summary>Writes the reply now if nothing is ahead of it, else queues it; false when it closes the connection.</summary>
    private bool Enqueue(ValueTask<Reply> reply, Command? command, long startedAt, Overlap overlap)
    {
        if (_outstanding.Count == 0 && reply.IsCompletedSuccessfully)
            return Write(reply.Result, command, startedAt);
        _outstanding.Enqueue((reply, command, startedAt));
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
            Write(await Settle(pending.Reply), pending.Command, pending.StartedAt);
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

    private bool Write(Reply reply, Command? command = null, long startedAt = 0)
    {
        reply.WriteTo(new RespWriter(transport.Output));
        if (command is not null)
            services.Metrics.CommandDone(command.Name, startedAt);
        return !reply.ClosesConnection;
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushAsync()
    {
        var output = transport.Output;
        services.Stats.BytesOut(output.UnflushedBytes);
        var flush = output.FlushAsync(closed);
        if (flush.IsCompleted)
        {
            await flush;
            return;
        }
        try
        {
            await flush.AsTask().WaitAsync(TimeSpan.FromSeconds(services.Limits.OutputTimeoutSeconds), closed);
        }
        catch (TimeoutException)
        {
            throw new ClientNotReadingException();
        }
    }
}
