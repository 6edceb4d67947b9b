using System.Globalization;
using System.Text.RegularExpressions;
using Disque.Gateway.Commands;

namespace Disque.Gateway.Tests.Golden;

/// <summary>
/// COMMAND lists our commands beyond Disque's (on purpose, see the README): before a COMMAND
/// step's reply is held to Disque's, their entries are left out of the gateway's table and
/// out of its count. Disque's recorded replies are untouched; every other reply is compared as it is.
/// </summary>
public static partial class ExtensionCommands
{
    private static readonly string[] Names = [.. CommandTable.Disque.All.Where(c => c.Extension).Select(c => c.LowerName)];

    public static string LeaveOut(GoldenStep step, string reply)
    {
        var words = step.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !words[0].Equals("COMMAND", StringComparison.OrdinalIgnoreCase))
            return reply;
        if (words.Length == 2 && words[1].Equals("COUNT", StringComparison.OrdinalIgnoreCase) && reply.StartsWith(':'))
            return ":" + (long.Parse(reply[1..], CultureInfo.InvariantCulture) - Names.Length).ToString(CultureInfo.InvariantCulture);
        if (words.Length > 1)
            return reply;
        foreach (var name in Names)
            reply = Regex.Replace(reply, $@"(, )?\[""{name}"", :-?\d+, \[[^\]]*\], :0, :0, :0\]", "");
        return reply.Replace("[, ", "[", StringComparison.Ordinal);
    }
}
