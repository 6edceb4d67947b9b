using System.Globalization;
using System.Text;

namespace Disque.Gateway.Tests.Golden;

/// <summary>One RESP2 reply as read off the wire, rendered on one line for comparison.</summary>
public sealed record RespValue(char Type, string? Text = null, long Number = 0, byte[]? Bytes = null, RespValue[]? Items = null)
{
    /// <summary>No reply came within the wait, or the server closed the connection.</summary>
    public static readonly RespValue NoReply = new('?', "(no reply)");
    public static readonly RespValue Closed = new('?', "(closed)");

    /// <summary>
    /// +status, -error, :integer, "bulk" (JSON-like escapes), $-1 and *-1 for the
    /// nulls, [a, b] for arrays: one line whatever the reply holds.
    /// </summary>
    public string Render()
    {
        var text = new StringBuilder();
        Render(text);
        return text.ToString();
    }

    private void Render(StringBuilder text)
    {
        switch (Type)
        {
            case '+' or '-':
                text.Append(Type).Append(Escape(Encoding.UTF8.GetBytes(Text!), quoted: false));
                break;
            case ':':
                text.Append(':').Append(Number.ToString(CultureInfo.InvariantCulture));
                break;
            case '$':
                text.Append(Bytes is null ? "$-1" : Escape(Bytes, quoted: true));
                break;
            case '*' when Items is null:
                text.Append("*-1");
                break;
            case '*':
                text.Append('[');
                for (var i = 0; i < Items.Length; i++)
                {
                    if (i > 0)
                        text.Append(", ");
                    Items[i].Render(text);
                }
                text.Append(']');
                break;
            default:
                text.Append(Text);
                break;
        }
    }

    /// <summary>Bulk items as strings (scan pages, lists of names).</summary>
    public IEnumerable<string> Strings() => Items?.Select(i => i.Bytes is null ? i.Render() : Encoding.UTF8.GetString(i.Bytes)) ?? [];

    public static string Escape(byte[] bytes, bool quoted)
    {
        var text = new StringBuilder();
        if (quoted)
            text.Append('"');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'"' when quoted:
                    text.Append("\\\"");
                    break;
                case (byte)'\\':
                    text.Append("\\\\");
                    break;
                case (byte)'\r':
                    text.Append("\\r");
                    break;
                case (byte)'\n':
                    text.Append("\\n");
                    break;
                case (byte)'\t':
                    text.Append("\\t");
                    break;
                case < 0x20 or >= 0x7f:
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                    break;
                default:
                    text.Append((char)b);
                    break;
            }
        }
        if (quoted)
            text.Append('"');
        return text.ToString();
    }
}
