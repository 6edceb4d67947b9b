using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Disque.Client.Resp;

namespace Disque.LoadGen.Connections;

/// <summary>
/// One TCP connection to a RESP server, written and read with the client library's codec
/// (<see cref="RespCommand"/>, <see cref="RespReplyReader"/>). Commands are appended to an output
/// buffer and sent together by <see cref="FlushAsync"/>: the load generator decides what
/// goes out in one write, which is how it pipelines. Replies are read in order. One task
/// may write while another reads, never two of either.
/// </summary>
public sealed class PipelinedConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly RespReplyReader _replies;

    private PipelinedConnection(Socket socket)
    {
        _socket = socket;
        _input = PipeReader.Create(new NetworkStream(socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        _replies = new RespReplyReader(_input);
    }

    /// <summary>The commands written and not yet sent.</summary>
    public ArrayBufferWriter<byte> Output { get; } = new(64 * 1024);

    public static async Task<PipelinedConnection> Open(string host, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var address = IPAddress.TryParse(host, out var ip) ? ip : (await Dns.GetHostAddressesAsync(host)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
            await socket.ConnectAsync(new IPEndPoint(address, port));
            return new PipelinedConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Write(RespCommand command) => command.WriteTo(Output);

    public async ValueTask FlushAsync()
    {
        var pending = Output.WrittenMemory;
        while (!pending.IsEmpty)
            pending = pending[await _socket.SendAsync(pending)..];
        Output.ResetWrittenCount();
    }

    /// <summary>The next reply, waiting for the server if none is buffered.</summary>
    public ValueTask<RespValue> ReadAsync() => _replies.ReadAsync();

    /// <summary>The next reply if it has already arrived.</summary>
    public bool TryReadBuffered(out RespValue reply) => _replies.TryReadBuffered(out reply);

    /// <summary>Sends one command and waits for its reply.</summary>
    public async Task<RespValue> Call(RespCommand command)
    {
        Write(command);
        await FlushAsync();
        return await ReadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        _socket.Dispose();
    }
}
