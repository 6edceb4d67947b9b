using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Disque.Gateway.Resp;

/// <summary>Writes RESP2 replies straight into the connection's output buffer.</summary>
public readonly struct RespWriter(IBufferWriter<byte> output)
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    public void WriteStatus(ReadOnlySpan<byte> text) => WriteLine((byte)'+', text);

    public void WriteStatus(string text) => WriteLine((byte)'+', text);

    /// <summary>An error line; <paramref name="text"/> starts with its code, e.g. <c>ERR syntax error</c>.</summary>
    public void WriteError(string text) => WriteLine((byte)'-', text);

    public void WriteError(ReadOnlySpan<byte> text) => WriteLine((byte)'-', text);

    public void WriteInteger(long value) => WriteNumberLine((byte)':', value);

    public void WriteArrayHeader(int count) => WriteNumberLine((byte)'*', count);

    public void WriteNullArray() => Write("*-1\r\n"u8);

    public void WriteNullBulk() => Write("$-1\r\n"u8);

    public void WriteBulk(ReadOnlySpan<byte> value)
    {
        WriteNumberLine((byte)'$', value.Length);
        Write(value);
        Write(Crlf);
    }

    public void WriteBulk(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteNumberLine((byte)'$', length);
        var span = output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        output.Advance(length);
        Write(Crlf);
    }

    public void WriteBulk(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        WriteBulk(digits[..written]);
    }

    /// <summary>A job id, as a status line or as a bulk string.</summary>
    public void WriteJobId(JobId id, bool bulk)
    {
        const int Length = JobId.Length;
        var start = bulk ? 5 : 1; // "$40\r\n" or "+"
        var span = output.GetSpan(start + Length + 2);
        if (bulk)
            "$40\r\n"u8.CopyTo(span);
        else
            span[0] = (byte)'+';
        id.Format(span.Slice(start, Length));
        Crlf.CopyTo(span[(start + Length)..]);
        output.Advance(start + Length + 2);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        // Large bodies may exceed what one GetSpan hands out: copy in pieces.
        while (!bytes.IsEmpty)
        {
            var span = output.GetSpan(1);
            var n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            output.Advance(n);
            bytes = bytes[n..];
        }
    }

    private void WriteLine(byte prefix, ReadOnlySpan<byte> text)
    {
        var span = output.GetSpan(text.Length + 3);
        span[0] = prefix;
        text.CopyTo(span[1..]);
        Crlf.CopyTo(span[(1 + text.Length)..]);
        output.Advance(text.Length + 3);
    }

    private void WriteLine(byte prefix, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = output.GetSpan(length + 3);
        span[0] = prefix;
        Encoding.UTF8.GetBytes(text, span[1..]);
        Crlf.CopyTo(span[(1 + length)..]);
        output.Advance(length + 3);
    }

    private void WriteNumberLine(byte prefix, long value)
    {
        var span = output.GetSpan(23);
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        Crlf.CopyTo(span[(1 + written)..]);
        output.Advance(written + 3);
    }
}
