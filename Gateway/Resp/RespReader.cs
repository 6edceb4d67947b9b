using System.Buffers;

namespace Disque.Gateway.Resp;

public enum ReadStatus
{
    /// <summary>A whole command was parsed; it may be empty (a blank line, <c>*0</c>), which the caller skips.</summary>
    Command,

    /// <summary>The buffer ends inside a command: read more bytes and try again.</summary>
    Incomplete,

    /// <summary>The bytes break the protocol or a limit: reply with the error and close.</summary>
    Error,
}

/// <summary>
/// Turns bytes into commands, and nothing else: RESP2 multibulk requests
/// (<c>*2\r\n$4\r\nPING\r\n...</c>) and inline ones (<c>PING\r\n</c>, space separated,
/// with Redis' quoting rules). Bulk payloads are skipped by length, never scanned,
/// so bodies are binary safe. A command is consumed only when it is whole, so a
/// frame split across reads is simply parsed again once the rest has arrived.
/// </summary>
public static class RespReader
{
    public static ReadStatus TryRead(ref ReadOnlySequence<byte> buffer, RespRequest request, ProtocolLimits limits, out DisqueError? error)
    {
        error = null;
        request.Clear();
        if (buffer.IsEmpty)
            return ReadStatus.Incomplete;
        var reader = new SequenceReader<byte>(buffer);
        var status = buffer.FirstSpan[0] == (byte)'*'
            ? ReadMultiBulk(ref reader, request, limits, out error)
            : InlineParser.Read(ref reader, request, limits, out error);
        if (status == ReadStatus.Command)
            buffer = buffer.Slice(reader.Position);
        return status;
    }

    private static ReadStatus ReadMultiBulk(ref SequenceReader<byte> reader, RespRequest request, ProtocolLimits limits, out DisqueError? error)
    {
        reader.Advance(1);
        var header = ReadLength(ref reader, limits, DisqueError.InvalidMultiBulkLength, DisqueError.TooBigMultiBulkCount, out var count, out error);
        if (header != ReadStatus.Command)
            return header;
        if (count > limits.MaxArguments)
        {
            error = DisqueError.InvalidMultiBulkLength;
            return ReadStatus.Error;
        }
        for (long i = 0; i < count; i++)
        {
            if (!reader.TryRead(out var marker))
                return ReadStatus.Incomplete;
            if (marker != (byte)'$')
            {
                error = DisqueError.ExpectedDollar(marker);
                return ReadStatus.Error;
            }
            var bulk = ReadLength(ref reader, limits, DisqueError.InvalidBulkLength, DisqueError.TooBigBulkCount, out var length, out error);
            if (bulk != ReadStatus.Command)
                return bulk;
            if (length < 0 || length > limits.MaxBulkLength)
            {
                error = DisqueError.InvalidBulkLength;
                return ReadStatus.Error;
            }
            if (reader.Remaining < length + 2)
                return ReadStatus.Incomplete;
            request.Add(reader.UnreadSequence.Slice(0, length));
            // Like Redis, the two bytes after the payload are taken as its CRLF without looking.
            reader.Advance(length + 2);
        }
        return ReadStatus.Command;
    }

    /// <summary>Reads the decimal number that ends a <c>*</c> or <c>$</c> header line.</summary>
    private static ReadStatus ReadLength(ref SequenceReader<byte> reader, ProtocolLimits limits, DisqueError invalid, DisqueError tooLong, out long value, out DisqueError? error)
    {
        value = 0;
        error = null;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\r', advancePastDelimiter: false))
        {
            if (reader.Remaining > limits.MaxInlineLength)
            {
                error = tooLong;
                return ReadStatus.Error;
            }
            return ReadStatus.Incomplete;
        }
        if (line.Length > ProtocolLimits.MaxNumberLength)
        {
            error = invalid;
            return ReadStatus.Error;
        }
        if (reader.Remaining < 2)
            return ReadStatus.Incomplete;
        reader.Advance(2);
        Span<byte> digits = stackalloc byte[ProtocolLimits.MaxNumberLength];
        line.CopyTo(digits);
        if (!Arguments.Integers.TryParseStrict(digits[..(int)line.Length], out value))
        {
            error = invalid;
            return ReadStatus.Error;
        }
        return ReadStatus.Command;
    }
}
