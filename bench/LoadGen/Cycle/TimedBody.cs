using System.Globalization;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// A job body that carries the moment its ADDJOB was sent: 19 digits of this process's
/// Stopwatch ticks, then padding to the body size. The worker that acks the job reads it
/// back to measure the job's whole trip (same process, same monotonic clock).
/// </summary>
public static class TimedBody
{
    public const int TimestampDigits = 19;

    /// <summary>A body of <paramref name="size"/> bytes: the send time's place, then padding.</summary>
    public static byte[] Create(int size)
    {
        var body = new byte[size];
        body.AsSpan(TimestampDigits).Fill((byte)'x');
        return body;
    }

    /// <summary>Writes the send time into the body's first bytes.</summary>
    public static void Stamp(Span<byte> body, long sentAt) =>
        sentAt.TryFormat(body, out _, "D19", CultureInfo.InvariantCulture);

    /// <summary>The send time in a body this load generator wrote; false for any other body.</summary>
    public static bool TryReadSentAt(ReadOnlySpan<byte> body, out long sentAt)
    {
        sentAt = 0;
        return body.Length >= TimestampDigits
            && long.TryParse(body[..TimestampDigits], NumberStyles.None, CultureInfo.InvariantCulture, out sentAt);
    }
}
