using System.Buffers;
using Disque.LoadGen.Resp;

namespace Disque.LoadGen.Cycle;

/// <summary><c>ADDJOB queue body timeout [options]</c>, encoded once; only the body (its send time) changes per job.</summary>
public sealed class AddJobCommand
{
    private readonly byte[] _prefix;
    private readonly byte[] _suffix;
    private readonly int _bodySize;

    public AddJobCommand(string queue, int bodySize, string timeoutMs, IReadOnlyList<string> options)
    {
        if (bodySize < JobBody.TimestampDigits)
            throw new ArgumentException($"The body must hold at least {JobBody.TimestampDigits} bytes (the send time)");
        _bodySize = bodySize;
        _prefix = RespCommand.Encode(4 + options.Count, "ADDJOB", queue);
        _suffix = RespCommand.Encode(0, [timeoutMs, .. options]);
    }

    public void Write(IBufferWriter<byte> output, long sentAt)
    {
        output.Write(_prefix);
        JobBody.Write(output, sentAt, _bodySize);
        output.Write(_suffix);
    }
}
