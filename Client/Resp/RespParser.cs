using System.Buffers;
using System.Buffers.Text;

namespace Disque.Client.Resp;

/// <summary>
/// Turns bytes from a Disque server into replies, RESP2: <c>+status</c>, <c>-error</c>,
/// <c>:integer</c>, <c>$bulk</c>, <c>*array</c> and their null forms. Bytes arrive in
/// pieces: <see cref="TryRead"/> reads one whole reply or, when it is not all there yet,
/// nothing at all (the reader is left where it was), so the caller waits for more.
/// A server that breaks the protocol gets a <see cref="RespProtocolException"/>.
/// Public for programs that keep a connection of their own (a load generator, a proxy) and read its replies.
/// </summary>
public static class RespParser
{
    /// <summary>The longest status, error or header line accepted before its CRLF.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>How deeply arrays may nest (Disque's replies nest three deep at most).</summary>
    private const int MaxDepth = 32;

    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    /// <summary>
    /// Reads one whole reply and moves <paramref name="reader"/> past it; false, with the reader
    /// where it was and <paramref name="value"/> <see cref="RespValue.Null"/>, while the reply is incomplete.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out RespValue value)
    {
        var attempt = reader;
        if (TryReadValue(ref attempt, 0, out value))
        {
            reader = attempt;
            return true;
        }
        value = RespValue.Null;
        return false;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, int depth, out RespValue value)
    {
        value = RespValue.Null;
        if (!reader.TryPeek(out var prefix))
            return false;
        if (!TryReadLine(ref reader, out var line))
            return false;
        var text = line.Slice(1);
        switch (prefix)
        {
            case (byte)'+':
                value = RespValue.Status(text.ToArray());
                return true;
            case (byte)'-':
                value = RespValue.Error(text.ToArray());
                return true;
            case (byte)':':
                value = RespValue.FromInteger(ParseInteger(text));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseInteger(text), out value);
            case (byte)'*':
                if (depth >= MaxDepth)
                    throw new RespProtocolException("Arrays nest too deeply.");
                return TryReadArray(ref reader, ParseInteger(text), depth, out value);
            default:
                throw new RespProtocolException($"Unexpected reply type byte 0x{prefix:x2}.");
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (reader.TryReadTo(out line, CrLf))
            return true;
        if (reader.Remaining > MaxLineLength)
            throw new RespProtocolException($"A reply line longer than {MaxLineLength} bytes.");
        return false;
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, out RespValue value)
    {
        value = RespValue.Null;
        if (length < 0)
            return true;
        if (length > int.MaxValue - 2)
            throw new RespProtocolException($"A bulk string of {length} bytes.");
        if (reader.Remaining < length + 2)
            return false;
        var bytes = reader.UnreadSequence.Slice(0, length).ToArray();
        reader.Advance(length);
        if (!reader.IsNext(CrLf, advancePast: true))
            throw new RespProtocolException("A bulk string not followed by CRLF.");
        value = RespValue.Bulk(bytes);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, int depth, out RespValue value)
    {
        value = count < 0 ? RespValue.NullArray : RespValue.Null;
        if (count < 0)
            return true;
        // Each item takes at least 3 bytes: a count beyond what could ever arrive is a broken server, not a big reply.
        if (count > int.MaxValue / 3)
            throw new RespProtocolException($"An array of {count} items.");
        var items = new List<RespValue>((int)Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            if (!TryReadValue(ref reader, depth + 1, out var item))
                return false;
            items.Add(item);
        }
        value = RespValue.Array([.. items]);
        return true;
    }

    private static long ParseInteger(ReadOnlySequence<byte> text)
    {
        Span<byte> digits = stackalloc byte[20];
        if (text.Length is 0 or > 20)
            throw new RespProtocolException("A malformed integer.");
        text.CopyTo(digits);
        if (!Utf8Parser.TryParse(digits[..(int)text.Length], out long value, out var used) || used != text.Length)
            throw new RespProtocolException("A malformed integer.");
        return value;
    }
}
