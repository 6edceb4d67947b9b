using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Disque.LoadGen.Resp;

/// <summary>Turns bytes into RESP replies; answers false, consuming nothing, while a reply is incomplete.</summary>
public static class RespParser
{
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    public static bool TryRead(ref SequenceReader<byte> reader, out RespValue value)
    {
        var attempt = reader;
        if (TryReadValue(ref attempt, out value))
        {
            reader = attempt;
            return true;
        }
        return false;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, out RespValue value)
    {
        value = RespValue.Null;
        if (!reader.TryRead(out var type) || !reader.TryReadTo(out ReadOnlySequence<byte> line, CrLf))
            return false;
        switch (type)
        {
            case (byte)'+':
                value = RespValue.Status(Encoding.ASCII.GetString(line));
                return true;
            case (byte)'-':
                value = RespValue.Error(Encoding.ASCII.GetString(line));
                return true;
            case (byte)':':
                value = RespValue.Number(ParseInteger(line));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseInteger(line), out value);
            case (byte)'*':
                return TryReadArray(ref reader, ParseInteger(line), out value);
            default:
                throw new InvalidDataException($"Not a RESP reply: starts with byte {type}");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, out RespValue value)
    {
        value = RespValue.Null;
        if (length < 0)
            return true;
        if (reader.Remaining < length + 2)
            return false;
        var content = reader.UnreadSequence.Slice(0, length);
        value = RespValue.Bulk(Encoding.UTF8.GetString(content));
        reader.Advance(length + 2);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, out RespValue value)
    {
        value = RespValue.Null;
        if (count < 0)
            return true;
        var items = new RespValue[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadValue(ref reader, out items[i]))
                return false;
        }
        value = RespValue.Array(items);
        return true;
    }

    private static long ParseInteger(ReadOnlySequence<byte> line)
    {
        Span<byte> digits = stackalloc byte[24];
        if (line.Length > digits.Length)
            throw new InvalidDataException("RESP length or integer too long");
        line.CopyTo(digits);
        if (!Utf8Parser.TryParse(digits[..(int)line.Length], out long number, out var used) || used != line.Length)
            throw new InvalidDataException("Bad RESP integer: " + Encoding.ASCII.GetString(line));
        return number;
    }
}
