using System.Buffers;
using Disque.Client.Resp;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// <c>ADDJOB queue body timeout [options]</c>, built once; only the body (its send time)
/// changes per job, rewritten in place before each write. One per producer: two producers
/// sharing one would overwrite each other's body.
/// </summary>
public sealed class AddJobCommand
{
    private readonly byte[] _body;
    private readonly RespCommand _command;

    public AddJobCommand(string queue, int bodySize, string timeoutMs, IReadOnlyList<string> options)
    {
        if (bodySize < TimedBody.TimestampDigits)
            throw new ArgumentException($"The body must hold at least {TimedBody.TimestampDigits} bytes (the send time)");
        _body = TimedBody.Create(bodySize);
        _command = new RespCommand("ADDJOB").Add(queue).Add(_body).Add(timeoutMs).AddRange(options);
    }

    public void Write(IBufferWriter<byte> output, long sentAt)
    {
        TimedBody.Stamp(_body, sentAt);
        _command.WriteTo(output);
    }
}
