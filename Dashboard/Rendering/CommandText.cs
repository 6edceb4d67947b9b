using System.Text;

namespace Disque.Dashboard.Rendering;

/// <summary>A command as redis-cli would take it: each argument, quoted when it holds spaces or quotes, long ones trimmed.</summary>
internal static class CommandText
{
    private const int LongestArgument = 60;

    public static string Of(IEnumerable<string> command) => string.Join(' ', command.Select(Argument));

    private static string Argument(string arg)
    {
        var shown = arg.Length > LongestArgument ? arg[..LongestArgument] + "…" : arg;
        if (shown.Length > 0 && !shown.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' || char.IsControl(c)))
            return shown;
        var quoted = new StringBuilder("\"");
        foreach (var c in shown)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
