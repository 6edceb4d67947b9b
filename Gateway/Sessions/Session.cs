using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Disque.Cluster;
using Disque.Gateway.Commands;
using Disque.Gateway.Hosting;
using Disque.Gateway.Resp;
using Disque.Gateway.Tracing;
using Disque.Node;
using Microsoft.AspNetCore.Connections;

namespace Disque.Gateway.Sessions;

/// <summary>
/// One client connection: reads commands as they come (pipelined or not),
/// runs them, and writes the replies in request order. A protocol error is
/// answered and closes this connection only; nothing a client sends reaches
/// another client's connection.
/// </summary>
public sealed partial class Session(IDuplexPipe transport, GatewayServices services, CancellationToken closed, Action abort)
{
    private readonly RespRequest _request = new();

    public DisqueNode Node => services.Node;

    public GatewayServices Services => services;

    /// <summary>
    /// True once AUTH succeeded (a failed AUTH resets it). As in Disque, only AUTH sets
    /// it: a password set later (CONFIG SET requirepass) asks every client for AUTH.
    /// </summary>
    public bool Authenticated { get; set; }

    /// <summary>Bytes received that do not make a whole command yet (CLIENT LIST's qbuf).</summary>
    private long _unread;

    /// <summary>Fires when the client goes away: a blocked GETJOB stops waiting then.</summary>
    public CancellationToken Closed => closed;

    public async Task RunAsync()
    {
        Id = services.Clients.Register(this);
        try
        {
            if (services.Settings.Protects && !FromThisHost)
            {
                services.Security.ProtectedModeRefused(Peer);
                Write(Reply.Error(DisqueError.ProtectedMode));
                await FlushAsync();
                return;
            }
            if (services.Clients.Count > services.Clients.MaxClients)
            {
                services.Stats.ConnectionRejected();
                Write(Reply.Error(DisqueError.MaxClients));
                await FlushAsync();
                return;
            }
            await ServeAsync();
        }
        finally
        {
            services.Clients.Remove(this);
            _request.Release();
        }
    }

    private async Task ServeAsync()
    {
        var input = transport.Input;
        try
        {
            while (true)
            {
                var read = ReadTimeout() is { } timeout ? await ReadWithin(input, timeout) : await input.ReadAsync(closed);
                if (read is not { } result || !await ProcessAsync(result.Buffer, result.IsCompleted) || result.IsCompleted)
                    return;
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (ConnectionResetException)
        {
        }
        catch (ClientNotReadingException)
        {
            // A graceful close would wait for the unread replies to drain: hang up at once.
            services.LogSlowClient();
            abort();
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
        var received = buffer.Length;
        while (true)
        {
            if (AuthInFlight)
            {
                // What follows an AUTH that waits its turn is read and checked as the AUTH leaves it.
                await DrainOutstanding();
                AuthInFlight = false;
                if (CloseAfterReply)
                {
                    input.AdvanceTo(buffer.End);
                    await FlushAsync();
                    return false;
                }
            }
            var status = RespReader.TryRead(ref buffer, _request, MustAuthenticate ? services.LimitsBeforeAuth : services.Limits, out var protocolError);
            if (status == ReadStatus.Incomplete)
                break;
            if (status == ReadStatus.Error)
            {
                if (protocolError == DisqueError.UnauthenticatedBulkLength || protocolError == DisqueError.UnauthenticatedMultiBulkLength)
                    services.Security.UnauthenticatedTooLarge(Peer);
                input.AdvanceTo(buffer.End);
                await DrainOutstanding();
                Write(Reply.Error(protocolError!));
                await FlushAsync();
                return false;
            }
            if (_request.Count == 0)
                continue;
            if (Security.CrossProtocol.IsAttack(_request, firstRequest: _requests++ == 0))
            {
                services.Security.CrossProtocolAttack(Peer);
                input.AdvanceTo(buffer.End);
                await DrainOutstanding();
                await FlushAsync();
                return false;
            }
            var (command, immediate) = Resolve();
            if (command is not null)
            {
                await services.Clients.WhilePaused(closed);
                Started(command);
                services.Stats.CommandProcessed();
            }
            else
                LastCommand = "NULL";
            var overlap = command?.OverlapFor(_request) ?? Overlap.None;
            await MakeRoomFor(overlap);
            var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var reply = command is null ? ValueTask.FromResult(immediate) : Run(command);
            // GETJOB is the one command that may block: its wait is no command time (Disque's slow log leaves it out).
            var blocking = command?.OverlapOf is not null && overlap == Overlap.None;
            if (!Enqueue(reply, command, startedAt, overlap, Silenced(), blocking) || CloseAfterReply)
            {
                input.AdvanceTo(buffer.Start);
                await DrainOutstanding();
                await FlushAsync();
                return false;
            }
            await FlushIfFull();
        }
        _unread = buffer.Length + _request.HeldBytes;
        input.AdvanceTo(buffer.Start, buffer.End);
        services.Stats.BytesIn(received - buffer.Length);
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
        if (services.Settings.RequiresPassword && !Authenticated && !command.AllowedBeforeAuth)
            return (null, Reply.Error(DisqueError.NoAuth));
        return (command, default);
    }

    /// <summary>Runs a command; with a span around it only while something listens to Disque's spans.</summary>
    private ValueTask<Reply> Run(Command command) =>
        DisqueTracing.Source.HasListeners() ? RunTraced(command) : RunCommand(command);

    private async ValueTask<Reply> RunTraced(Command command)
    {
        // The span reads the arguments now: the request is reused by the next command.
        var span = CommandSpans.Start(command, _request, Node.Cluster.SelfNodeId);
        try
        {
            var reply = await RunCommand(command);
            CommandSpans.End(span, reply);
            return reply;
        }
        catch (Exception error)
        {
            CommandSpans.Failed(span, error);
            throw;
        }
    }

    private ValueTask<Reply> RunCommand(Command command)
    {
        try
        {
            return command.Handler(this, _request);
        }
        catch (Exception error)
        {
            services.LogCommandFailure(error, command.Name);
            return ValueTask.FromResult(Reply.Error(DisqueError.CommandFailed));
        }
    }
}
