using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Disque.Client.Resp;

namespace Disque.Client.Connections;

/// <summary>
/// One TCP connection to a Disque node, pipelined: callers write commands without
/// waiting for earlier replies, and one read loop hands each reply to the oldest
/// command still waiting, since a Disque node answers in order. The order of the
/// waiting queue and of the bytes on the wire is one: both change under one lock.
/// Once it fails (the node closed it, a protocol error, <see cref="Abort"/>) every
/// waiting command fails with <see cref="DisqueConnectionException"/>, and so does
/// every later one: a broken connection is never reused.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Queue<TaskCompletionSource<RespValue>> _waiting = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Task _reading;
    private Exception? _failure;
    private bool _hungUp;

    private RespConnection(Socket socket, NodeEndpoint endpoint)
    {
        (_socket, Endpoint) = (socket, endpoint);
        var stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(stream);
        _output = PipeWriter.Create(stream);
        _reading = Task.Run(ReadReplies);
    }

    public NodeEndpoint Endpoint { get; }

    public bool IsOpen => Volatile.Read(ref _failure) is null && !Volatile.Read(ref _hungUp);

    public static async Task<RespConnection> OpenAsync(NodeEndpoint endpoint, TimeSpan timeout, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, limit.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            throw new DisqueConnectionException($"Cannot connect to {endpoint}: {error.Message}", error) { WhileConnecting = true };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RespConnection(socket, endpoint);
    }

    /// <summary>Sends a command and waits for its reply; replies to commands sent before it come first.</summary>
    public async Task<RespValue> SendAsync(RespCommand command, CancellationToken cancellation = default)
    {
        var reply = new TaskCompletionSource<RespValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writing.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (Enqueue(reply))
            {
                command.WriteTo(_output);
                var flushed = await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                if (flushed.IsCompleted)
                    Fail(new IOException("The connection was closed."));
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Fail(error);
        }
        finally
        {
            _writing.Release();
        }
        return await reply.Task.ConfigureAwait(false);
    }

    /// <summary>Queues the reply's place; false (and the reply failed) when the connection is broken already.</summary>
    private bool Enqueue(TaskCompletionSource<RespValue> reply)
    {
        lock (_waiting)
        {
            if (_failure is { } failure)
            {
                reply.TrySetException(Broken(failure, mayHaveRun: false));
                return false;
            }
            if (_hungUp)
            {
                reply.TrySetException(Broken(new IOException("The connection was hung up by the client."), mayHaveRun: false));
                return false;
            }
            _waiting.Enqueue(reply);
            return true;
        }
    }

    /// <summary>Closes the connection now: commands still waiting fail (a blocked GETJOB ends, and the node puts back what it took).</summary>
    public void Abort() => Fail(new IOException("The connection was closed by the client."));

    /// <summary>
    /// Ends the sending side only: the node sees the end of its input, ends a blocked GETJOB
    /// and closes, while the replies to commands already sent still arrive. So a job the node
    /// handed out just before it saw the end is read, not lost in a closed socket. Whatever
    /// has not arrived after <paramref name="grace"/> is given up (<see cref="Abort"/>).
    /// </summary>
    public void HangUp(TimeSpan grace)
    {
        lock (_waiting)
        {
            if (_failure is not null || _hungUp)
                return;
            _hungUp = true;
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            Fail(error);
            return;
        }
        _ = Task.Delay(grace).ContinueWith(static (_, c) => ((RespConnection)c!).Abort(), this, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _reading.ConfigureAwait(false);
        _writing.Dispose();
    }

    private async Task ReadReplies()
    {
        try
        {
            while (true)
            {
                var read = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                while (RespParser.TryRead(ref reader, out var value))
                    Deliver(value);
                _input.AdvanceTo(reader.Position, buffer.End);
                if (read.IsCompleted)
                    break;
            }
            Fail(new IOException("The node closed the connection."));
        }
        catch (Exception error)
        {
            Fail(error);
        }
        await _input.CompleteAsync().ConfigureAwait(false);
    }

    private void Deliver(RespValue value)
    {
        TaskCompletionSource<RespValue>? waiting;
        lock (_waiting)
            _waiting.TryDequeue(out waiting);
        if (waiting is null)
            throw new RespProtocolException("A reply came that no command asked for.");
        waiting.TrySetResult(value);
    }

    private void Fail(Exception error)
    {
        TaskCompletionSource<RespValue>[] waiting;
        lock (_waiting)
        {
            if (_failure is not null)
                return;
            _failure = error;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        // Shutdown first: it wakes the read loop at once, then the socket is let go.
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception shutdown) when (shutdown is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
        foreach (var reply in waiting)
            reply.TrySetException(Broken(error, mayHaveRun: true));
    }

    private DisqueConnectionException Broken(Exception error, bool mayHaveRun) =>
        new($"The connection to {Endpoint} failed: {error.Message}", error) { MayHaveRun = mayHaveRun };
}
