using System.Buffers;

namespace Disque.Gateway.Resp;

public enum ReadStatus
{
    /// <summary>A whole command was parsed; it may be empty (a blank line, <c>*0</c>), which the caller skips.</summary>
    Command,

    /// <summary>The buffer ends inside a command: read more bytes and call again with the rest.</summary>
    Incomplete,

    /// <summary>The bytes break the protocol or a limit: reply with the error and close.</summary>
    Error,
}

/// <summary>
/// Turns bytes into commands, and nothing else: RESP2 multibulk requests
/// (<c>*2\r\n$4\r\nPING\r\n...</c>) and inline ones (<c>PING\r\n</c>, space separated,
/// with Redis' quoting rules). Bulk payloads are skipped by length, never scanned,
/// so bodies are binary safe.
/// <para>
/// The reader resumes where it stopped, as Disque's does: a multibulk request that
/// arrives in pieces is consumed argument by argument (each argument copied once into
/// the <see cref="RespRequest"/>, its bytes given back to the connection), and the
/// request remembers how far it got (<see cref="RespParse"/>). A line still without its
/// end is not searched again from its start either. So a request costs time linear in
/// its bytes however it is split; on <see cref="ReadStatus.Incomplete"/> the buffer is
/// sliced past what was consumed, and the next call gets the bytes from there on.
/// </para>
/// </summary>
public static class RespReader
{
    public static ReadStatus TryRead(ref ReadOnlySequence<byte> buffer, RespRequest request, ProtocolLimits limits, out DisqueError? error)
    {
        error = null;
        if (!request.Parse.UnderWay)
            request.Clear();
        if (buffer.IsEmpty)
            return ReadStatus.Incomplete;
        var reader = new SequenceReader<byte>(buffer);
        var consumed = reader.Position;
        var status = request.Parse.Expected >= 0 || buffer.FirstSpan[0] == (byte)'*'
            ? ReadMultiBulk(ref reader, ref consumed, request, limits, out error)
            : InlineParser.Read(ref reader, request, limits, out error);
        if (status == ReadStatus.Command)
        {
            request.Parse.Reset();
            buffer = buffer.Slice(reader.Position);
        }
        else if (status == ReadStatus.Incomplete)
            buffer = buffer.Slice(consumed);
        else
            request.Parse.Reset();
        return status;
    }

    private static ReadStatus ReadMultiBulk(ref SequenceReader<byte> reader, ref SequencePosition consumed, RespRequest request, ProtocolLimits limits, out DisqueError? error)
    {
        error = null;
        ref var parse = ref request.Parse;
        if (parse.Expected < 0)
        {
            var header = ReadLength(ref reader, ref parse.Scanned, limits, DisqueError.InvalidMultiBulkLength, DisqueError.TooBigMultiBulkCount, out var count, out error);
            if (header != ReadStatus.Command)
                return header;
            if (count > limits.MaxArguments)
            {
                error = limits.Unauthenticated ? DisqueError.UnauthenticatedMultiBulkLength : DisqueError.InvalidMultiBulkLength;
                return ReadStatus.Error;
            }
            if (count <= 0)
                return ReadStatus.Command;
            parse.Expected = count;
            consumed = reader.Position;
        }
        while (request.Count < parse.Expected)
        {
            if (parse.BulkLength < 0)
            {
                if (!reader.TryPeek(out var marker))
                    return ReadStatus.Incomplete;
                if (marker != (byte)'$')
                {
                    error = DisqueError.ExpectedDollar(marker);
                    return ReadStatus.Error;
                }
                var bulk = ReadLength(ref reader, ref parse.Scanned, limits, DisqueError.InvalidBulkLength, DisqueError.TooBigBulkCount, out var length, out error);
                if (bulk != ReadStatus.Command)
                    return bulk;
                if (length < 0 || length > limits.MaxBulkLength)
                {
                    error = limits.Unauthenticated && length >= 0 ? DisqueError.UnauthenticatedBulkLength : DisqueError.InvalidBulkLength;
                    return ReadStatus.Error;
                }
                parse.BulkLength = length;
                consumed = reader.Position;
            }
            if (reader.Remaining < parse.BulkLength + 2)
                return ReadStatus.Incomplete;
            request.Add(reader.UnreadSequence.Slice(0, parse.BulkLength));
            // Like Redis, the two bytes after the payload are taken as its CRLF without looking.
            reader.Advance(parse.BulkLength + 2);
            parse.BulkLength = -1;
            consumed = reader.Position;
        }
        return ReadStatus.Command;
    }

    /// <summary>
    /// Reads a <c>*</c> or <c>$</c> header line (the reader on its marker) and the decimal number
    /// that ends it. <paramref name="scanned"/> is how much of the line earlier calls searched in vain.
    /// </summary>
    private static ReadStatus ReadLength(ref SequenceReader<byte> reader, ref long scanned, ProtocolLimits limits, DisqueError invalid, DisqueError tooLong, out long value, out DisqueError? error)
    {
        value = 0;
        error = null;
        var afterMarker = reader.UnreadSequence.Slice(1);
        if (!LineEnd.Find(afterMarker, (byte)'\r', ref scanned, out var lineLength))
        {
            if (reader.Remaining > limits.MaxInlineLength)
            {
                error = tooLong;
                return ReadStatus.Error;
            }
            return ReadStatus.Incomplete;
        }
        if (lineLength > ProtocolLimits.MaxNumberLength)
        {
            error = invalid;
            return ReadStatus.Error;
        }
        if (afterMarker.Length < lineLength + 2)
            return ReadStatus.Incomplete;
        Span<byte> digits = stackalloc byte[ProtocolLimits.MaxNumberLength];
        afterMarker.Slice(0, lineLength).CopyTo(digits);
        reader.Advance(1 + lineLength + 2);
        scanned = 0;
        if (!Arguments.Integers.TryParseStrict(digits[..(int)lineLength], out value))
        {
            error = invalid;
            return ReadStatus.Error;
        }
        return ReadStatus.Command;
    }
}
