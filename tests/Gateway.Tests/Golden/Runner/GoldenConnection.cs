using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Disque.Gateway.Tests.Golden;

/// <summary>A plain RESP2 connection: sends commands as arrays (or raw bytes) and reads one reply at a time, with a time limit.</summary>
public sealed class GoldenConnection : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private bool _closed;

    private GoldenConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<GoldenConnection> Open(string host, int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(host, port);
        return new GoldenConnection(tcp);
    }

    public Task Send(IReadOnlyList<byte[]> args)
    {
        var frame = new MemoryStream();
        Write(frame, $"*{args.Count}\r\n");
        foreach (var arg in args)
        {
            Write(frame, $"${arg.Length}\r\n");
            frame.Write(arg);
            Write(frame, "\r\n");
        }
        return SendRaw(frame.ToArray());
    }

    public async Task SendRaw(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            _closed = true;
        }
    }

    /// <summary>The next reply; <see cref="RespValue.NoReply"/> after <paramref name="timeout"/>, <see cref="RespValue.Closed"/> once the server hung up.</summary>
    public async Task<RespValue> Read(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            return await ReadValue(limit.Token);
        }
        catch (OperationCanceledException)
        {
            return RespValue.NoReply;
        }
        catch (EndOfStreamException)
        {
            return RespValue.Closed;
        }
        catch (IOException)
        {
            return RespValue.Closed;
        }
    }

    private async Task<RespValue> ReadValue(CancellationToken cancel)
    {
        var line = await ReadLine(cancel);
        var body = line[1..];
        switch (line[0])
        {
            case '+':
            case '-':
                return new RespValue(line[0], body);
            case ':':
                return new RespValue(':', Number: long.Parse(body, CultureInfo.InvariantCulture));
            case '$':
                var length = int.Parse(body, CultureInfo.InvariantCulture);
                if (length < 0)
                    return new RespValue('$');
                var bytes = await ReadBytes(length + 2, cancel);
                return new RespValue('$', Bytes: bytes[..length]);
            case '*':
                var count = int.Parse(body, CultureInfo.InvariantCulture);
                if (count < 0)
                    return new RespValue('*');
                var items = new RespValue[count];
                for (var i = 0; i < count; i++)
                    items[i] = await ReadValue(cancel);
                return new RespValue('*', Items: items);
            default:
                return new RespValue('?', "(protocol) " + line);
        }
    }

    private async Task<string> ReadLine(CancellationToken cancel)
    {
        while (true)
        {
            for (var i = _start; i + 1 < _end; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, i - _start);
                    _start = i + 2;
                    return line;
                }
            }
            await Fill(cancel);
        }
    }

    private async Task<byte[]> ReadBytes(int count, CancellationToken cancel)
    {
        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            if (_start == _end)
                await Fill(cancel);
            var take = Math.Min(count - done, _end - _start);
            Array.Copy(_buffer, _start, result, done, take);
            _start += take;
            done += take;
        }
        return result;
    }

    private async Task Fill(CancellationToken cancel)
    {
        if (_closed)
            throw new EndOfStreamException();
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            throw new IOException("reply line too long");
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancel);
        if (read == 0)
        {
            _closed = true;
            throw new EndOfStreamException();
        }
        _end += read;
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    public void Dispose() => _tcp.Dispose();
}
