using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Disque.Client.Resp;

/// <summary>
/// A command as a client sends it: a multibulk, <c>*n</c> then each argument as
/// <c>$len</c> and its bytes. Binary safe: bodies go out exactly as given.
/// </summary>
public sealed class RespCommand
{
    private readonly List<ReadOnlyMemory<byte>> _args = [];

    public RespCommand(string name)
    {
        Name = name;
        Add(name);
    }

    /// <summary>The command's name, as given (Disque reads it in any case).</summary>
    public string Name { get; }

    public int Count => _args.Count;

    public RespCommand Add(string arg)
    {
        _args.Add(Encoding.UTF8.GetBytes(arg));
        return this;
    }

    public RespCommand Add(long arg) => Add(arg.ToString(CultureInfo.InvariantCulture));

    public RespCommand Add(ReadOnlyMemory<byte> arg)
    {
        _args.Add(arg);
        return this;
    }

    public RespCommand AddRange(IEnumerable<string> args)
    {
        foreach (var arg in args)
            Add(arg);
        return this;
    }

    /// <summary>The arguments, the name first.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Args => _args;

    public void WriteTo(IBufferWriter<byte> output)
    {
        WriteHeader(output, (byte)'*', _args.Count);
        foreach (var arg in _args)
        {
            if (arg.Length <= SmallArg)
            {
                WriteSmall(output, arg.Span);
                continue;
            }
            WriteHeader(output, (byte)'$', arg.Length);
            output.Write(arg.Span);
            output.Write("\r\n"u8);
        }
    }

    public override string ToString() => string.Join(' ', _args.Select(a => Encoding.UTF8.GetString(a.Span)));

    /// <summary>Arguments up to this many bytes go out with their header in one piece of the output.</summary>
    private const int SmallArg = 1024;

    /// <summary><c>$len</c>, the bytes and CRLF in one span: one request for room instead of three.</summary>
    private static void WriteSmall(IBufferWriter<byte> output, ReadOnlySpan<byte> arg)
    {
        var span = output.GetSpan(arg.Length + 16);
        span[0] = (byte)'$';
        Utf8Formatter.TryFormat(arg.Length, span[1..], out var written);
        var at = 1 + written;
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        arg.CopyTo(span[at..]);
        at += arg.Length;
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte prefix, int length)
    {
        var span = output.GetSpan(16);
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(3 + written);
    }
}
