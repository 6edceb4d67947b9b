using System.Buffers;

namespace Disque.Gateway.Resp;

/// <summary>
/// Inline commands, the ones a person types into telnet: one line, arguments
/// split on blanks, with Redis' quoting ("a b", 'a b', \n, \xHH escapes).
/// </summary>
internal static class InlineParser
{
    public static ReadStatus Read(ref SequenceReader<byte> reader, RespRequest request, ProtocolLimits limits, out DisqueError? error)
    {
        error = null;
        if (!LineEnd.Find(reader.UnreadSequence, (byte)'\n', ref request.Parse.Scanned, out var length))
        {
            if (reader.Remaining > limits.MaxInlineLength)
            {
                error = DisqueError.TooBigInline;
                return ReadStatus.Error;
            }
            return ReadStatus.Incomplete;
        }
        if (length > limits.MaxInlineLength)
        {
            error = DisqueError.TooBigInline;
            return ReadStatus.Error;
        }
        var line = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length + 1);
        var rented = ArrayPool<byte>.Shared.Rent((int)line.Length);
        try
        {
            var text = rented.AsSpan(0, (int)line.Length);
            line.CopyTo(text);
            if (!text.IsEmpty && text[^1] == (byte)'\r')
                text = text[..^1];
            request.Inline = true;
            if (!Split(text, request))
            {
                error = DisqueError.UnbalancedQuotes;
                return ReadStatus.Error;
            }
            if (request.Count > limits.MaxArguments)
            {
                error = limits.Unauthenticated ? DisqueError.UnauthenticatedMultiBulkLength : DisqueError.InvalidMultiBulkLength;
                return ReadStatus.Error;
            }
            return ReadStatus.Command;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Splits one line into arguments; false when a quote is left open or closed against a word.</summary>
    internal static bool Split(ReadOnlySpan<byte> text, RespRequest request)
    {
        var word = new ArrayBufferWriter<byte>(64);
        var i = 0;
        while (true)
        {
            while (i < text.Length && IsBlank(text[i]))
                i++;
            if (i == text.Length)
                return true;
            word.ResetWrittenCount();
            if (!ReadWord(text, ref i, word))
                return false;
            // Disque drops empty arguments ("" or '') from inline commands.
            if (word.WrittenCount > 0)
                request.Add(word.WrittenSpan);
        }
    }

    private static bool ReadWord(ReadOnlySpan<byte> text, ref int i, ArrayBufferWriter<byte> word)
    {
        var quote = (byte)0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == 0)
            {
                if (IsBlank(c))
                    return true;
                if (c is (byte)'"' or (byte)'\'')
                    quote = c;
                else
                    Append(word, c);
                continue;
            }
            if (c == quote)
            {
                // A closing quote must end the word.
                if (i + 1 < text.Length && !IsBlank(text[i + 1]))
                    return false;
                i++;
                return true;
            }
            if (c == (byte)'\\' && i + 1 < text.Length)
                Append(word, quote == (byte)'"' ? Unescape(text, ref i) : UnescapeSingle(text, ref i));
            else
                Append(word, c);
        }
        return quote == 0;
    }

    private static byte Unescape(ReadOnlySpan<byte> text, ref int i)
    {
        if (text[i + 1] == (byte)'x' && i + 3 < text.Length && IsHex(text[i + 2]) && IsHex(text[i + 3]))
        {
            var value = (byte)((HexValue(text[i + 2]) << 4) | HexValue(text[i + 3]));
            i += 3;
            return value;
        }
        i++;
        return text[i] switch
        {
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            (byte)'b' => (byte)'\b',
            (byte)'a' => (byte)'\a',
            var other => other,
        };
    }

    private static byte UnescapeSingle(ReadOnlySpan<byte> text, ref int i)
    {
        if (text[i + 1] != (byte)'\'')
            return text[i];
        i++;
        return (byte)'\'';
    }

    private static void Append(ArrayBufferWriter<byte> word, byte c)
    {
        word.GetSpan(1)[0] = c;
        word.Advance(1);
    }

    private static bool IsBlank(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f' or 0;

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
