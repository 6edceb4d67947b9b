using System.Text;
using System.Text.Unicode;

namespace Disque.Dashboard.Rendering;

/// <summary>
/// A job's body for a page: UTF-8 text when it is printable text, else a hex dump;
/// trimmed to a limit, saying how much was left out.
/// </summary>
internal sealed record BodyView(bool IsText, string Shown, long Left)
{
    public static BodyView Of(byte[]? body, int limit)
    {
        body ??= [];
        var shown = body.AsSpan(0, Math.Min(body.Length, limit));
        var left = body.Length - shown.Length;
        return Text(shown, out var text) ? new BodyView(true, text, left) : new BodyView(false, Hex(shown), left);
    }

    /// <summary>One line of text at most <paramref name="limit"/> characters, for a table cell.</summary>
    public static string Preview(byte[]? body, int limit)
    {
        var view = Of(body, limit);
        var line = view.IsText ? view.Shown.ReplaceLineEndings(" ") : "(binary) " + view.Shown.Replace('\n', ' ');
        return view.Left > 0 || line.Length > limit ? line[..Math.Min(line.Length, limit)] + "…" : line;
    }

    private static bool Text(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        // A multi-byte character cut at the limit is not a reason to call the body binary.
        var whole = bytes;
        for (var back = 0; back < 3 && whole.Length > 0 && !Utf8.IsValid(whole); back++)
            whole = whole[..^1];
        if (!Utf8.IsValid(whole))
            return false;
        text = Encoding.UTF8.GetString(whole);
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
                return false;
        }
        return true;
    }

    /// <summary>16 bytes a line: offset, hex.</summary>
    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < bytes.Length; i += 16)
        {
            var line = bytes.Slice(i, Math.Min(16, bytes.Length - i));
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i:x8}  ").AppendJoin(' ', line.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))).Append('\n');
        }
        return text.ToString();
    }
}
