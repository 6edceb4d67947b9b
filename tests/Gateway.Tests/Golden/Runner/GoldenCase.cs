using System.Text;
using System.Text.RegularExpressions;

namespace Disque.Gateway.Tests.Golden;

/// <summary>What a step of a case does.</summary>
public enum StepKind
{
    /// <summary>Sends a command and reads its reply.</summary>
    Command,

    /// <summary><c>&gt;&gt; COMMAND</c>: sends a command, leaves its reply to a later <c>&lt;&lt;</c>.</summary>
    Send,

    /// <summary><c>raw "bytes"</c>: sends bytes as they are (inline commands, broken frames).</summary>
    Raw,

    /// <summary><c>&lt;&lt;</c>: reads the next reply of the connection.</summary>
    Receive,

    /// <summary><c>scan QSCAN|JSCAN args</c>: iterates from cursor 0 until 0; the reply is the sorted set of items.</summary>
    Scan,

    /// <summary><c>sorted COMMAND</c>: sends a command; the items of its array reply are compared in sorted order.</summary>
    Sorted,

    /// <summary><c>until COMMAND</c>: sends the command again until the reply equals the recorded one (5 s at most).</summary>
    Until,

    /// <summary><c>~ regex =&gt; replacement</c>: masks a run-dependent value in the replies that follow.</summary>
    Mask,
}

/// <summary>One line of a case: on which connection (1 unless <c>@N</c>), what, and the reply Disque gave (after <c>=&gt;</c>).</summary>
public sealed record GoldenStep(int Line, StepKind Kind, int Connection, string Text, string? Expected)
{
    /// <summary>The step as written in the case file, without its connection prefix.</summary>
    public string Source => Kind switch
    {
        StepKind.Send => ">> " + Text,
        StepKind.Raw => "raw " + Text,
        StepKind.Receive => "<<",
        StepKind.Scan => "scan " + Text,
        StepKind.Until => "until " + Text,
        StepKind.Sorted => "sorted " + Text,
        StepKind.Mask => "~ " + Text,
        _ => Text,
    };

    public bool HasReply => Kind is not (StepKind.Send or StepKind.Raw or StepKind.Mask);

    public override string ToString() => (Connection == 1 ? "" : $"@{Connection} ") + Source;
}

/// <summary>A named sequence of steps, run on a server emptied with DEBUG FLUSHALL.</summary>
public sealed record GoldenCase(string Name, IReadOnlyList<GoldenStep> Steps, IReadOnlyList<string> Comments)
{
    public override string ToString() => Name;
}

/// <summary>
/// The case file: <c>## name</c> starts a case; each step is a line, its recorded
/// reply on the next line after <c>=&gt; </c>; <c>#</c> lines are comments.
/// The harness reads the steps and writes the file back with Disque's replies;
/// the replay test reads both.
/// </summary>
public static partial class GoldenFile
{
    public static IReadOnlyList<GoldenCase> Parse(string path)
    {
        var cases = new List<GoldenCase>();
        string? name = null;
        var steps = new List<GoldenStep>();
        var comments = new List<string>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                name = line[3..].Trim();
                continue;
            }
            if (line.StartsWith("=> ", StringComparison.Ordinal) || line == "=>")
            {
                if (steps.Count == 0 || !steps[^1].HasReply)
                    throw new FormatException($"{path}:{i + 1}: a reply without a step");
                steps[^1] = steps[^1] with { Expected = line.Length > 3 ? line[3..] : "" };
                continue;
            }
            if (line.StartsWith('#') || line.Trim().Length == 0)
            {
                if (name is null)
                    continue;
                comments.Add(line);
                continue;
            }
            if (name is null)
                throw new FormatException($"{path}:{i + 1}: a step before the first case");
            steps.Add(ParseStep(i + 1, line));
        }
        Flush();
        return cases;

        void Flush()
        {
            if (name is not null)
                cases.Add(new GoldenCase(name, [.. steps], [.. comments]));
            steps.Clear();
            comments.Clear();
        }
    }

    private static GoldenStep ParseStep(int lineNumber, string line)
    {
        var connection = 1;
        var match = ConnectionPrefix().Match(line);
        if (match.Success)
        {
            connection = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            line = line[match.Length..];
        }
        var (kind, text) = line switch
        {
            "<<" => (StepKind.Receive, ""),
            _ when line.StartsWith(">> ", StringComparison.Ordinal) => (StepKind.Send, line[3..]),
            _ when line.StartsWith("raw ", StringComparison.Ordinal) => (StepKind.Raw, line[4..]),
            _ when line.StartsWith("scan ", StringComparison.Ordinal) => (StepKind.Scan, line[5..]),
            _ when line.StartsWith("until ", StringComparison.Ordinal) => (StepKind.Until, line[6..]),
            _ when line.StartsWith("sorted ", StringComparison.Ordinal) => (StepKind.Sorted, line[7..]),
            _ when line.StartsWith("~ ", StringComparison.Ordinal) => (StepKind.Mask, line[2..]),
            _ => (StepKind.Command, line),
        };
        return new GoldenStep(lineNumber, kind, connection, text, null);
    }

    /// <summary>Writes the cases back with the given replies, one per step that has one.</summary>
    public static void Write(string path, IReadOnlyList<GoldenCase> cases, IReadOnlyDictionary<string, IReadOnlyList<string>> replies, string header)
    {
        var text = new StringBuilder(header);
        foreach (var c in cases)
        {
            text.Append("\n## ").Append(c.Name).Append('\n');
            foreach (var comment in c.Comments.Where(l => l.Trim().Length > 0))
                text.Append(comment).Append('\n');
            var recorded = replies.GetValueOrDefault(c.Name);
            var index = 0;
            foreach (var step in c.Steps)
            {
                text.Append(step).Append('\n');
                if (!step.HasReply)
                    continue;
                var reply = recorded is not null && index < recorded.Count ? recorded[index] : step.Expected;
                index++;
                if (reply is not null)
                    text.Append("=> ").Append(reply).Append('\n');
            }
        }
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Splits a command line as redis-cli does: blanks separate words; "..." takes \" \\ \n \r \t \xHH; '...' is literal.</summary>
    public static List<byte[]> Words(string line)
    {
        var words = new List<byte[]>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] == ' ')
                i++;
            if (i == line.Length)
                return words;
            var word = new List<byte>();
            if (line[i] == '"')
            {
                for (i++; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] != '\\' || i + 1 == line.Length)
                    {
                        word.AddRange(Encoding.UTF8.GetBytes(line[i].ToString()));
                        continue;
                    }
                    i++;
                    switch (line[i])
                    {
                        case 'n': word.Add((byte)'\n'); break;
                        case 'r': word.Add((byte)'\r'); break;
                        case 't': word.Add((byte)'\t'); break;
                        case 'x':
                            word.Add(Convert.ToByte(line.Substring(i + 1, 2), 16));
                            i += 2;
                            break;
                        default: word.AddRange(Encoding.UTF8.GetBytes(line[i].ToString())); break;
                    }
                }
                i++;
            }
            else if (line[i] == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                word.AddRange(Encoding.UTF8.GetBytes(line[(i + 1)..end]));
                i = end + 1;
            }
            else
            {
                var end = line.IndexOf(' ', i);
                if (end < 0)
                    end = line.Length;
                word.AddRange(Encoding.UTF8.GetBytes(line[i..end]));
                i = end;
            }
            words.Add([.. word]);
        }
    }

    /// <summary>The README difference a case shows on purpose (<c># on purpose: NAME</c>), or null.</summary>
    public static string? OnPurpose(GoldenCase golden) => Marked(golden, "# on purpose: ");


    private static string? Marked(GoldenCase golden, string mark) =>
        golden.Comments.Select(c => c.Trim()).FirstOrDefault(c => c.StartsWith(mark, StringComparison.Ordinal))?[mark.Length..];

    [GeneratedRegex(@"^@(\d+) ")]
    private static partial Regex ConnectionPrefix();
}
