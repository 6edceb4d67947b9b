using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Disque.Client.Resp;
using Disque.Gateway.Tests.EndToEnd;

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

    /// <summary>What a read shows once the server has hung up.</summary>
    public const string Closed = "(closed)";

    /// <summary>The rendered replies of the case's steps that have one, in order.</summary>
    public async Task<IReadOnlyList<string>> Run(GoldenCase golden)
    {
        var names = new Names(port);
        var connections = new Dictionary<int, RawClient>();
        var masks = new List<(Regex Pattern, string Replacement)>();
        var replies = new List<string>();
        try
        {
            var first = await Connection(1);
            await Send(first, RawClient.Frame(new RespCommand("DEBUG").Add("FLUSHALL")));
            await Receive(first, ReplyWait);
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
                await connection.DisposeAsync();
        }
        return replies;

        async Task<RawClient> Connection(int number)
        {
            if (!connections.TryGetValue(number, out var connection))
                connections[number] = connection = await RawClient.Connect(port, host);
            return connection;
        }

        // A server that hung up says so at the next read: "(closed)".
        static async Task Send(RawClient connection, byte[] bytes)
        {
            try
            {
                await connection.Send(bytes);
            }
            catch (IOException)
            {
            }
        }

        async Task<(RespValue? Reply, string Text)> Receive(RawClient connection, TimeSpan wait)
        {
            try
            {
                return await connection.Read(wait) is { } reply ? (reply, Show(reply.Render())) : (null, Show(Closed));
            }
            catch (TimeoutException)
            {
                return (null, Show(Silence));
            }
            catch (RespProtocolException error)
            {
                return (null, Show("(protocol) " + error.Message));
            }
            catch (IOException)
            {
                return (null, Show(Closed));
            }
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
                    await Send(await Connection(step.Connection), Command(names.Args(step.Text)));
                    return null;
                case StepKind.Raw:
                    await Send(await Connection(step.Connection), [.. names.Args(step.Text).SelectMany(w => w)]);
                    return null;
                case StepKind.Receive:
                    return (await Receive(await Connection(step.Connection), wait)).Text;
                case StepKind.Scan:
                    return await Scan(await Connection(step.Connection), step.Text);
                case StepKind.Until:
                    return await Until(await Connection(step.Connection), step);
                case StepKind.Sorted:
                    var asked = await Connection(step.Connection);
                    await Send(asked, Command(names.Args(step.Text)));
                    var (answer, shown) = await Receive(asked, wait);
                    return answer is { Type: RespType.Array } ? "[" + string.Join(", ", answer.Items.Select(i => Show(i.Render())).Order(StringComparer.Ordinal)) + "]" : shown;
                default:
                    var connection = await Connection(step.Connection);
                    await Send(connection, Command(names.Args(step.Text)));
                    return (await Receive(connection, wait)).Text;
            }
        }

        string Show(string reply)
        {
            var text = names.Normalise(reply);
            foreach (var (pattern, replacement) in masks)
                text = pattern.Replace(text, replacement);
            return text;
        }

        async Task<string> Scan(RawClient connection, string command)
        {
            var args = names.Args(command);
            var items = new SortedSet<string>(StringComparer.Ordinal);
            var cursor = "0";
            for (var page = 0; page < 10_000; page++)
            {
                await Send(connection, Command([args[0], Encoding.ASCII.GetBytes(cursor), .. args.Skip(1)]));
                var (reply, shown) = await Receive(connection, ReplyWait);
                if (reply is not { Type: RespType.Array, Items: [{ Type: RespType.Bulk, Bytes: { } next }, { Type: RespType.Array, Items: var found }] })
                    return shown;
                foreach (var item in found)
                    items.Add(Show(item.Render()));
                cursor = Encoding.ASCII.GetString(next);
                if (cursor == "0")
                    break;
            }
            return "[" + string.Join(", ", items) + "]";
        }

        async Task<string> Until(RawClient connection, GoldenStep step)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (true)
            {
                await Send(connection, Command(names.Args(step.Text)));
                var reply = (await Receive(connection, ReplyWait)).Text;
                if (reply == step.Expected || DateTime.UtcNow > deadline)
                    return reply;
                await Task.Delay(20);
            }
        }
    }

    /// <summary>The words of a step as the client library writes a command.</summary>
    private static byte[] Command(IReadOnlyList<byte[]> words)
    {
        var command = new RespCommand(Encoding.UTF8.GetString(words[0]));
        foreach (var word in words.Skip(1))
            command.Add(word);
        return RawClient.Frame(command);
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
