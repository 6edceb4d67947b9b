using System.Buffers;
using System.Globalization;
using Disque.LoadGen.Resp;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// A job body that carries the moment its ADDJOB was sent: 19 digits of this process's
/// Stopwatch ticks, then padding to the body size. The worker that acks the job reads it
/// back to measure the job's whole trip (same process, same monotonic clock).
/// </summary>
public static class JobBody
{
    public const int TimestampDigits = 19;

    public static void Write(IBufferWriter<byte> output, long sentAt, int size)
    {
        RespCommand.Header(output, '$', size);
        var span = output.GetSpan(size + 2);
        sentAt.TryFormat(span, out _, "D19", CultureInfo.InvariantCulture);
        span[TimestampDigits..size].Fill((byte)'x');
        span[size] = (byte)'\r';
        span[size + 1] = (byte)'\n';
        output.Advance(size + 2);
    }

    /// <summary>The send time in a body this load generator wrote; false for any other body.</summary>
    public static bool TryReadSentAt(ReadOnlySpan<byte> body, out long sentAt)
    {
        sentAt = 0;
        return body.Length >= TimestampDigits
            && long.TryParse(body[..TimestampDigits], NumberStyles.None, CultureInfo.InvariantCulture, out sentAt);
    }
}
