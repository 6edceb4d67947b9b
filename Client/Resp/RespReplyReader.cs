using System.Buffers;
using System.IO.Pipelines;

namespace Disque.Client.Resp;

/// <summary>
/// A server's replies, one at a time and in order, read off the bytes of a connection
/// (a <see cref="PipeReader"/>) with <see cref="RespParser"/>. Each read parses every whole
/// reply that has arrived and keeps the rest for later calls, so replies to pipelined
/// commands cost one read of the socket, and <see cref="TryReadBuffered"/> hands out those
/// already here without waiting. For programs that keep a connection of their own and read
/// its replies in order (a load generator, a test, a proxy). One reader at a time.
/// </summary>
public sealed class RespReplyReader(PipeReader input)
{
    private readonly Queue<RespValue> _parsed = new();

    /// <summary>
    /// The next reply, waiting for its bytes if it has not all arrived. Once the server has
    /// closed the connection and every reply it sent has been read: <see cref="EndOfStreamException"/>;
    /// bytes that are not RESP, or a reply cut short by the close: <see cref="RespProtocolException"/>.
    /// A cancelled wait loses nothing: the reply comes to the next call.
    /// </summary>
    public ValueTask<RespValue> ReadAsync(CancellationToken cancellation = default) =>
        _parsed.TryDequeue(out var reply) ? ValueTask.FromResult(reply) : ReadMore(cancellation);

    /// <summary>The next reply if it has already arrived and been parsed.</summary>
    public bool TryReadBuffered(out RespValue reply) => _parsed.TryDequeue(out reply!);

    private async ValueTask<RespValue> ReadMore(CancellationToken cancellation)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellation).ConfigureAwait(false);
            var reader = new SequenceReader<byte>(read.Buffer);
            while (RespParser.TryRead(ref reader, out var value))
                _parsed.Enqueue(value);
            var cutShort = reader.Remaining > 0;
            input.AdvanceTo(reader.Position, read.Buffer.End);
            if (_parsed.TryDequeue(out var reply))
                return reply;
            if (read.IsCompleted)
                throw cutShort
                    ? new RespProtocolException("The server closed the connection in the middle of a reply.")
                    : new EndOfStreamException("The server closed the connection.");
        }
    }
}
