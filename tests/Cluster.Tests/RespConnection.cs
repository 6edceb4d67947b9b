using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Disque.Cluster.Tests;

/// <summary>A Disque error reply.</summary>
public sealed class RespError(string message) : Exception(message);

/// <summary>
/// A plain RESP connection for the cluster tests: one command at a time,
/// replies as string (status and bulk), long, object?[] or null. Failures of the
/// server (a killed gateway) surface as IOException or SocketException.
/// </summary>
public sealed class RespConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private readonly SemaphoreSlim _turn = new(1, 1);
    private Stream _stream = null!;
    private BufferedStream _reader = null!;

    public IPEndPoint EndPoint { get; private init; } = null!;

    public static Task<RespConnection> Open(int port) => Open(new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>Connects within 5 s (an address cut off by a partition answers nothing, not even a refusal), else TimeoutException.</summary>
    public static async Task<RespConnection> Open(IPEndPoint endpoint)
    {
        var connection = new RespConnection { EndPoint = endpoint };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await connection._tcp.ConnectAsync(endpoint, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            connection._tcp.Dispose();
            throw new TimeoutException($"No connection to {endpoint} within 5 s.");
        }
        connection._stream = connection._tcp.GetStream();
        connection._reader = new BufferedStream(connection._stream, 64 * 1024);
        return connection;
    }

    public async Task<object?> Call(params object[] args)
    {
        await _turn.WaitAsync();
        try
        {
            await _stream.WriteAsync(Encode(args));
            return await Read();
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Several commands written at once, their replies read in order; an error reply is returned, not thrown.</summary>
    public async Task<object?[]> Pipeline(IReadOnlyList<object[]> commands)
    {
        await _turn.WaitAsync();
        try
        {
            await _stream.WriteAsync(commands.SelectMany(Encode).ToArray());
            var replies = new object?[commands.Count];
            for (var i = 0; i < replies.Length; i++)
            {
                try
                {
                    replies[i] = await Read();
                }
                catch (RespError error)
                {
                    replies[i] = error;
                }
            }
            return replies;
        }
        finally
        {
            _turn.Release();
        }
    }

    private static byte[] Encode(object[] args)
    {
        var text = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            var value = Convert.ToString(arg, CultureInfo.InvariantCulture)!;
            text.Append('$').Append(Encoding.UTF8.GetByteCount(value)).Append("\r\n").Append(value).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private async Task<object?> Read()
    {
        var line = await ReadLine();
        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case '-':
                throw new RespError(body);
            case ':':
                return long.Parse(body, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(body, CultureInfo.InvariantCulture);
                if (length < 0)
                    return null;
                var bytes = new byte[length + 2];
                await _reader.ReadExactlyAsync(bytes);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                var count = int.Parse(body, CultureInfo.InvariantCulture);
                if (count < 0)
                    return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++)
                    items[i] = await Read();
                return items;
            default:
                throw new IOException($"Not RESP: {line}");
        }
    }

    private async Task<string> ReadLine()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _reader.ReadAsync(one) == 0)
                throw new IOException("The server closed the connection.");
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
                return Encoding.UTF8.GetString(bytes.ToArray(), 0, bytes.Count - 1);
            bytes.Add(one[0]);
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
