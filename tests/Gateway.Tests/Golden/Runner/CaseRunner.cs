using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Disque.Gateway.Tests.Golden;

/// <summary>
/// Runs cases against one server and renders each reply with the run-dependent
/// parts named instead of shown: job ids become &lt;jobN:ttl&gt; and node ids
/// &lt;nodeN&gt; in order of first appearance (a later step may name them back as
/// $jobN and $nodeN), the server's port becomes &lt;port&gt;, and each case's own
/// <c>~ regex =&gt; replacement</c> masks apply to the replies after them.
/// </summary>
public sealed partial class CaseRunner(string host, int port)
{
    public static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(10);

    /// <summary>A reply that is expected not to come is waited for this long.</summary>
    public static readonly TimeSpan SilenceWait = TimeSpan.FromMilliseconds(500);

    public const string Silence = "(no reply)";

    /// <summary>The rendered replies of the case's steps that have one, in order.</summary>
    public async Task<IReadOnlyList<string>> Run(GoldenCase golden)
    {
        var names = new Names(port);
        var connections = new Dictionary<int, GoldenConnection>();
        var masks = new List<(Regex Pattern, string Replacement)>();
        var replies = new List<string>();
        try
        {
            var first = await Connection(1);
            await first.Send([Encoding.ASCII.GetBytes("DEBUG"), Encoding.ASCII.GetBytes("FLUSHALL")]);
            await first.Read(ReplyWait);
            foreach (var step in golden.Steps)
            {
                var reply = await Run(step);
                if (reply is not null)
                    replies.Add(reply);
            }
        }
        finally
        {
            foreach (var connection in connections.Values)
                connection.Dispose();
        }
        return replies;

        async Task<GoldenConnection> Connection(int number)
        {
            if (!connections.TryGetValue(number, out var connection))
                connections[number] = connection = await GoldenConnection.Open(host, port);
            return connection;
        }

        async Task<string?> Run(GoldenStep step)
        {
            var wait = step.Expected == Silence ? SilenceWait : ReplyWait;
            switch (step.Kind)
            {
                case StepKind.Mask:
                    var parts = step.Text.Split(" => ", 2);
                    masks.Add((new Regex(parts[0]), parts.Length > 1 ? parts[1] : ""));
                    return null;
                case StepKind.Send:
                    await (await Connection(step.Connection)).Send(names.Args(step.Text));
                    return null;
                case StepKind.Raw:
                    await (await Connection(step.Connection)).SendRaw([.. names.Args(step.Text).SelectMany(w => w)]);
                    return null;
                case StepKind.Receive:
                    return Show(await (await Connection(step.Connection)).Read(wait));
                case StepKind.Scan:
                    return await Scan(await Connection(step.Connection), step.Text);
                case StepKind.Until:
                    return await Until(await Connection(step.Connection), step);
                case StepKind.Sorted:
                    var asked = await Connection(step.Connection);
                    await asked.Send(names.Args(step.Text));
                    var answer = await asked.Read(wait);
                    return answer.Items is { } list ? "[" + string.Join(", ", list.Select(Show).Order(StringComparer.Ordinal)) + "]" : Show(answer);
                default:
                    var connection = await Connection(step.Connection);
                    await connection.Send(names.Args(step.Text));
                    return Show(await connection.Read(wait));
            }
        }

        string Show(RespValue reply)
        {
            var text = names.Normalise(reply.Render());
            foreach (var (pattern, replacement) in masks)
                text = pattern.Replace(text, replacement);
            return text;
        }

        async Task<string> Scan(GoldenConnection connection, string command)
        {
            var args = names.Args(command);
            var items = new SortedSet<string>(StringComparer.Ordinal);
            var cursor = "0";
            for (var page = 0; page < 10_000; page++)
            {
                await connection.Send([args[0], Encoding.ASCII.GetBytes(cursor), .. args.Skip(1)]);
                var reply = await connection.Read(ReplyWait);
                if (reply.Type != '*' || reply.Items is not [{ Bytes: { } next }, { Items: { } found }])
                    return Show(reply);
                foreach (var item in found)
                    items.Add(Show(item));
                cursor = Encoding.ASCII.GetString(next);
                if (cursor == "0")
                    break;
            }
            return "[" + string.Join(", ", items) + "]";
        }

        async Task<string> Until(GoldenConnection connection, GoldenStep step)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (true)
            {
                await connection.Send(names.Args(step.Text));
                var reply = Show(await connection.Read(ReplyWait));
                if (reply == step.Expected || DateTime.UtcNow > deadline)
                    return reply;
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Run-dependent names: job ids, node ids and the port, both ways.</summary>
    private sealed partial class Names(int port)
    {
        private readonly Dictionary<string, string> _byValue = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);
        private int _jobs, _nodes;

        public string Normalise(string text)
        {
            text = JobId().Replace(text, m => Name(m.Value, () => $"job{++_jobs}", m.Groups[1].Value));
            text = NodeId().Replace(text, m => Name(m.Value, () => $"node{++_nodes}", null));
            return Regex.Replace(text, $@"(?<!\d){port}(?!\d)", "<port>");
        }

        private string Name(string value, Func<string> next, string? suffix)
        {
            if (!_byValue.TryGetValue(value, out var name))
            {
                name = next();
                _byValue[value] = name;
                _byName[name] = value;
            }
            return suffix is null ? $"<{name}>" : $"<{name}:{suffix}>";
        }

        /// <summary>The words of a step, with $jobN, $nodeN and $port put back to this server's values.</summary>
        public List<byte[]> Args(string text)
        {
            text = Variable().Replace(text, m => m.Value == "$port"
                ? port.ToString(CultureInfo.InvariantCulture)
                : _byName.GetValueOrDefault(m.Value[1..], m.Value));
            return GoldenFile.Words(text);
        }

        [GeneratedRegex(@"D-[0-9a-f]{8}-[A-Za-z0-9+/]{24}-([0-9a-f]{4})")]
        private static partial Regex JobId();

        [GeneratedRegex(@"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])")]
        private static partial Regex NodeId();

        [GeneratedRegex(@"\$(job\d+|node\d+|port)")]
        private static partial Regex Variable();
    }
}
