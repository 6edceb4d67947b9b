using System.Buffers;

namespace Disque.Gateway.Resp;

/// <summary>
/// Finds the end of a line that may still be arriving, without searching again the
/// bytes an earlier call searched: what keeps a line sent a byte at a time linear.
/// </summary>
internal static class LineEnd
{
    /// <summary>
    /// True with the line's length (before <paramref name="delimiter"/>) when the line is whole.
    /// <paramref name="scanned"/>: how many bytes from its start are known to hold no delimiter; kept up to date.
    /// </summary>
    public static bool Find(in ReadOnlySequence<byte> line, byte delimiter, ref long scanned, out long length)
    {
        var unsearched = line.Slice(Math.Min(scanned, line.Length));
        if (unsearched.PositionOf(delimiter) is { } at)
        {
            length = line.Length - unsearched.Length + unsearched.Slice(0, at).Length;
            // The line's end is known: a later call (waiting for the CRLF's second byte) finds it at once.
            scanned = length;
            return true;
        }
        scanned = line.Length;
        length = 0;
        return false;
    }
}
