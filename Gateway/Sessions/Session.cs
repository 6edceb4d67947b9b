using System.Runtime.CompilerServices;
using System.IO.Pipelines;
using Disque.Gateway.Commands;
using Microsoft.AspNetCore.Connections;
using Disque.Gateway.Hosting;
using Disque.Gateway.Resp;
using Disque.Node;

namespace Disque.Gateway.Sessions;

/// <summary>
/// One client connection: reads commands as they come (pipelined or not),
/// runs them, and writes the replies in request order. A protocol error is
/// answered and closes this connection only; nothing a client sends reaches
/// another client's connection.
/// </summary>
public sealed partial class Session(IDuplexPipe transport, GatewayServices services, CancellationToken closed)
{
    private readonly RespRequest _request = new();

    public DisqueNode Node => services.Node;

    public GatewayServices Services => services;

    /// <summary>True once AUTH succeeded, or from the start when no password is set.</summary>
    public bool Authenticated { get; set; } = !services.Settings.RequiresPassword;

    /// <summary>Fires when the client goes away: a blocked GETJOB stops waiting then.</summary>
    public CancellationToken Closed => closed;

    public async Task RunAsync()
    {
        var input = transport.Input;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(closed);
                var buffer = read.Buffer;
                services.Stats.BytesIn(buffer.Length);
                var keepGoing = await ProcessAsync(buffer, read.IsCompleted);
                if (!keepGoing)
                    return;
                if (read.IsCompleted)
                    return;
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
        }
        catch (ConnectionResetException)
        {
        }
        finally
        {
            await AbandonOutstanding();
        }
    }

    /// <summary>Runs every whole command in the buffer; false when the connection must close.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessAsync(System.Buffers.ReadOnlySequence<byte> buffer, bool ended)
    {
        var input = transport.Input;
        while (true)
        {
            var status = RespReader.TryRead(ref buffer, _request, services.Limits, out var protocolError);
            if (status == ReadStatus.Incomplete)
                break;
            if (status == ReadStatus.Error)
            {
                input.AdvanceTo(buffer.End);
                await DrainOutstanding();
                Write(Reply.Error(protocolError!));
                await FlushAsync();
                return false;
            }
            if (_request.Count == 0)
                continue;
            services.Stats.CommandProcessed();
            var (command, immediate) = Resolve();
            var overlap = command?.OverlapFor(_request) ?? Overlap.None;
            await MakeRoomFor(overlap);
            if (!Enqueue(command is null ? ValueTask.FromResult(immediate) : Run(command), overlap))
            {
                input.AdvanceTo(buffer.Start);
                await FlushAsync();
                return false;
            }
        }
        input.AdvanceTo(buffer.Start, buffer.End);
        await DrainOutstanding();
        await FlushAsync();
        return !(ended && buffer.Length > 0);
    }

    /// <summary>Disque's order of checks: QUIT, unknown command, arity, authentication. A null command comes with the reply to give instead.</summary>
    private (Command? Command, Reply Immediate) Resolve()
    {
        var name = _request[0];
        if (System.Text.Ascii.EqualsIgnoreCase(name, "QUIT"u8))
            return (null, Reply.OkThenClose);
        var command = services.Commands.Find(name);
        if (command is null)
            return (null, Reply.Error(DisqueError.UnknownCommand(_request.Name)));
        if (!command.ArityFits(_request.Count))
            return (null, Reply.Error(DisqueError.WrongArity(command.Name.ToLowerInvariant())));
        if (!Authenticated && !command.AllowedBeforeAuth)
            return (null, Reply.Error(DisqueError.NoAuth));
        return (command, default);
    }

    private ValueTask<Reply> Run(Command command)
    {
        try
        {
            return command.Handler(this, _request);
        }
        catch (Exception error)
        {
            services.LogCommandFailure(error, command.Name);
            return ValueTask.FromResult(Reply.Error(DisqueError.InternalError));
        }
    }
}
