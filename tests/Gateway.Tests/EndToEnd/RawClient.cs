using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Disque.Client.Resp;
using Disque.Gateway.Tests.Golden;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>
/// A bare connection, for what a Redis library would never send: inline commands, broken
/// frames, bytes as they are. Replies are read with the client library's codec
/// (<see cref="RespReplyReader"/>), and shown as the golden cases write them (<see cref="ReplyText"/>).
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly RespReplyReader _replies;

    /// <summary>Over a stream already open (a TLS one); disposing the client disposes the stream.</summary>
    public RawClient(Stream stream) => (_stream, _replies) = (stream, new RespReplyReader(PipeReader.Create(stream)));

    public static async Task<RawClient> Connect(int port, string host = "127.0.0.1")
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new RawClient(tcp.GetStream());
    }

    public Task Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public async Task Send(byte[] bytes) => await _stream.WriteAsync(bytes);

    public Task Send(RespCommand command) => Send(Frame(command));

    /// <summary>
    /// The next reply; null once the server has closed the connection. A <see cref="TimeoutException"/>
    /// when none came within <paramref name="wait"/>: the connection stays usable, a later read gets it.
    /// </summary>
    public async Task<RespValue?> Read(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _replies.ReadAsync(timeout.Token);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No reply within {wait}.");
        }
    }

    /// <summary>The next reply as the golden cases write it (+PONG, :0, *-1, [...]); null once the server has closed the connection.</summary>
    public async Task<string?> ReadReply(int timeoutMs = 10_000) =>
        (await Read(TimeSpan.FromMilliseconds(timeoutMs)))?.Render();

    /// <summary>True when the server closed the connection (after whatever it had left to say).</summary>
    public async Task<bool> IsClosed()
    {
        while (await ReadReply() is not null)
        {
        }
        return true;
    }

    /// <summary>A command as the client library writes it: for tests that send it whole, cut or slowly.</summary>
    public static byte[] Frame(RespCommand command)
    {
        var output = new ArrayBufferWriter<byte>();
        command.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
