using System.Globalization;
using System.Text;
using Disque.Client.Resp;

namespace Disque.Gateway.Tests.Golden;

/// <summary>A reply, as read by the client library's codec, written on one line for comparison.</summary>
public static class ReplyText
{
    /// <summary>
    /// +status, -error, :integer, "bulk" (JSON-like escapes), $-1 and *-1 for the
    /// nulls, [a, b] for arrays: one line whatever the reply holds.
    /// </summary>
    public static string Render(this RespValue reply)
    {
        var text = new StringBuilder();
        Render(reply, text);
        return text.ToString();
    }

    private static void Render(RespValue reply, StringBuilder text)
    {
        switch (reply.Type)
        {
            case RespType.Status:
                text.Append('+').Append(Escape(reply.Bytes!, quoted: false));
                break;
            case RespType.Error:
                text.Append('-').Append(Escape(reply.Bytes!, quoted: false));
                break;
            case RespType.Integer:
                text.Append(':').Append(reply.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case RespType.Bulk:
                text.Append(Escape(reply.Bytes!, quoted: true));
                break;
            case RespType.Null:
                text.Append(reply.IsNullArray ? "*-1" : "$-1");
                break;
            case RespType.Array:
                text.Append('[');
                for (var i = 0; i < reply.Items.Count; i++)
                {
                    if (i > 0)
                        text.Append(", ");
                    Render(reply.Items[i], text);
                }
                text.Append(']');
                break;
        }
    }

    private static string Escape(byte[] bytes, bool quoted)
    {
        var text = new StringBuilder();
        if (quoted)
            text.Append('"');
        foreach (var b in bytes)
        {
            var escaped = b switch
            {
                (byte)'"' when quoted => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                < 0x20 or >= 0x7f => string.Create(CultureInfo.InvariantCulture, $"\\x{b:x2}"),
                _ => null,
            };
            if (escaped is null)
                text.Append((char)b);
            else
                text.Append(escaped);
        }
        if (quoted)
            text.Append('"');
        return text.ToString();
    }
}
