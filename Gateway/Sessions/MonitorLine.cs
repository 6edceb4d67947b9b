using System.Globalization;
using System.Text;
using Disque.Gateway.Resp;

namespace Disque.Gateway.Sessions;

/// <summary>MONITOR's line for one command, as Disque writes it: +seconds.microseconds [peer] "word" "word"...</summary>
internal static class MonitorLine
{
    /// <param name="redact">A password is set: AUTH's arguments are not shown.</param>
    public static byte[] Of(string peer, RespRequest request, bool redact)
    {
        var now = DateTimeOffset.UtcNow;
        var micros = now.ToUnixTimeMilliseconds() * 1000 + now.Ticks / 10 % 1000;
        var line = new StringBuilder(64);
        line.Append(CultureInfo.InvariantCulture, $"+{micros / 1_000_000}.{micros % 1_000_000:D6} [{peer}]");
        for (var i = 0; i < request.Count; i++)
            Quote(line.Append(' '), Security.Redaction.Shown(request, i, redact));
        return Encoding.Latin1.GetBytes(line.Append("\r\n").ToString());
    }

    /// <summary>Disque's sdscatrepr: quoted, with \\ \" \n \r \t \a \b and \xHH for what is not printable.</summary>
    private static void Quote(StringBuilder line, ReadOnlySpan<byte> word)
    {
        line.Append('"');
        foreach (var b in word)
        {
            _ = b switch
            {
                (byte)'\\' => line.Append("\\\\"),
                (byte)'"' => line.Append("\\\""),
                (byte)'\n' => line.Append("\\n"),
                (byte)'\r' => line.Append("\\r"),
                (byte)'\t' => line.Append("\\t"),
                7 => line.Append("\\a"),
                8 => line.Append("\\b"),
                < 0x20 or >= 0x7f => line.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}"),
                _ => line.Append((char)b),
            };
        }
        line.Append('"');
    }
}
