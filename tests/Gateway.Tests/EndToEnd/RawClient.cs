using System.Net.Sockets;
using System.Text;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>A bare TCP client, for what a Redis library would never send: inline commands, broken frames.</summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream _stream = null!;
    private readonly List<byte> _pending = [];

    public static async Task<RawClient> Connect(int port)
    {
        var client = new RawClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    public Task Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public async Task Send(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Reads one line of the reply stream, without its CRLF; null when the server closed the connection.</summary>
    public async Task<string?> ReadLine(int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[4096];
        while (true)
        {
            var end = IndexOfCrlf();
            if (end >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, end).ToArray());
                _pending.RemoveRange(0, end + 2);
                return line;
            }
            var read = await _stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
                return null;
            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }

    /// <summary>True when the server closed the connection (after whatever it had left to say).</summary>
    public async Task<bool> IsClosed()
    {
        while (await ReadLine() is not null)
        {
        }
        return true;
    }

    private int IndexOfCrlf()
    {
        for (var i = 0; i + 1 < _pending.Count; i++)
            if (_pending[i] == '\r' && _pending[i + 1] == '\n')
                return i;
        return -1;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
