using System.Globalization;
using System.Text;
using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>
/// HELLO and CLUSTER: the cluster as Disque clients see it. Nodes are the silos;
/// HELLO lists those that serve RESP. Membership itself is Orleans': MEET only
/// confirms a node is already a member, FORGET removes a silo from the membership.
/// </summary>
public static class ClusterCommands
{
    /// <summary>HELLO's priority: 1 for a healthy node, 100 for one that is leaving (Disque's values).</summary>
    private const int Healthy = 1, Bad = 100;

    public static IEnumerable<Command> All { get; } =
    [
        new("HELLO", 1, "rF", (s, _) => Hello(s)),
        new("CLUSTER", -2, "ar", Cluster),
    ];

    private static async ValueTask<Reply> Hello(Session session)
    {
        var nodes = await session.Node.Nodes();
        var entries = nodes.Where(n => n.RespPort > 0).OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(n => Reply.Array(
        [
            Reply.Bulk(n.NodeId),
            Reply.Bulk(n.Host),
            Reply.Bulk(n.RespPort.ToString(CultureInfo.InvariantCulture)),
            Reply.Bulk((n.Leaving ? Bad : Healthy).ToString(CultureInfo.InvariantCulture)),
        ]));
        return Reply.Array([Reply.Integer(1), Reply.Bulk(session.Node.Cluster.SelfNodeId), .. entries]);
    }

    private static ValueTask<Reply> Cluster(Session session, RespRequest args)
    {
        var sub = args.GetString(1).ToUpperInvariant();
        var node = session.Node;
        return (sub, args.Count) switch
        {
            ("LEAVING", 2) => Done(Reply.Status(node.State.Leaving ? "yes" : "no")),
            ("LEAVING", 3) => Leaving(session, args.GetString(2)),
            ("MYID", 2) => Done(Reply.Bulk(node.Cluster.SelfNodeId)),
            ("NODES", 2) => Nodes(session),
            ("INFO", 2) => Info(session),
            ("MEET", 4) => Done(Meet(session, args.GetString(2), args, 3)),
            ("FORGET", 3) => Forget(session, args.GetString(2)),
            ("SAVECONFIG", 2) => SaveConfig(session),
            ("RESET", 2 or 3) => Reset(session, args),
            _ => Done(DisqueError.ClusterSubcommand),
        };
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);

    private static ValueTask<Reply> Leaving(Session session, string answer)
    {
        if (!answer.Equals("yes", StringComparison.OrdinalIgnoreCase) && !answer.Equals("no", StringComparison.OrdinalIgnoreCase))
            return Done(DisqueError.LeavingArgument);
        return Left(session.Node.SetLeaving(answer.Equals("yes", StringComparison.OrdinalIgnoreCase)));
    }

    private static async ValueTask<Reply> Left(Task leaving)
    {
        await leaving;
        return Reply.Ok;
    }

    private static async ValueTask<Reply> Nodes(Session session)
    {
        return Reply.Bulk(await NodesText(session));
    }

    private static async Task<string> NodesText(Session session)
    {
        var self = session.Node.Cluster.SelfNodeId;
        var text = new StringBuilder();
        foreach (var n in (await session.Node.Nodes()).OrderBy(n => n.NodeId, StringComparer.Ordinal))
        {
            var flags = string.Join(',', new[] { n.NodeId == self ? "myself" : null, n.Leaving ? "leaving" : null }.OfType<string>());
            text.Append(CultureInfo.InvariantCulture, $"{n.NodeId} {n.Host}:{n.RespPort} {(flags.Length == 0 ? "noflags" : flags)} 0 0 connected\n");
        }
        return text.ToString();
    }

    private static async ValueTask<Reply> Info(Session session)
    {
        var nodes = await session.Node.Nodes();
        var self = session.Node.Cluster.SelfNodeId;
        var reachable = nodes.Count(n => n.NodeId != self && !n.Leaving);
        var messages = session.Services.ClusterMessages;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"cluster_state:ok\r\ncluster_known_nodes:{nodes.Length}\r\ncluster_reachable_nodes:{reachable}\r\ncluster_size:{nodes.Length}\r\n" +
            $"cluster_stats_messages_sent:{messages.MessagesSent}\r\ncluster_stats_messages_received:{messages.MessagesReceived}\r\n");
        return Reply.Bulk(text);
    }

    /// <summary>
    /// CLUSTER MEET ip port: Disque checks the address and starts a handshake in the
    /// background, answering OK whatever comes of it. Membership here is Orleans': a
    /// silo joins through the membership table, so the background part only looks for
    /// the node among the members and logs what it found.
    /// </summary>
    private static Reply Meet(Session session, string ip, RespRequest args, int portArg)
    {
        if (!args.TryGetLong(portArg, out var port))
            return DisqueError.BadPort(args.GetString(portArg));
        if (!IsAddress(ip) || port is <= 0 or > 65535 - 10000)
            return DisqueError.BadNodeAddress($"{ip}:{args.GetString(portArg)}");
        _ = LookForMember(session, ip, (int)port);
        return Reply.Ok;
    }

    private static async Task LookForMember(Session session, string ip, int port)
    {
        try
        {
            var nodes = await session.Node.Nodes();
            var member = nodes.FirstOrDefault(n => n.Host == ip && n.RespPort == port);
            session.Services.Log.LogInformation(member is null
                ? "CLUSTER MEET {Ip}:{Port}: no member there; a silo joins through the membership table"
                : "CLUSTER MEET {Ip}:{Port}: already a member", ip, port);
        }
        catch (Exception error)
        {
            session.Services.Log.LogDebug(error, "CLUSTER MEET {Ip}:{Port}: the cluster could not be asked", ip, port);
        }
    }

    /// <summary>An IPv4 address in four dotted parts, or an IPv6 address, as inet_pton takes them.</summary>
    private static bool IsAddress(string ip) =>
        System.Net.IPAddress.TryParse(ip, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? ip.Contains(':', StringComparison.Ordinal) : ip.Count(c => c == '.') == 3 && ip.All(c => char.IsAsciiDigit(c) || c == '.'));

    /// <summary>CLUSTER SAVECONFIG: writes the cluster as CLUSTER NODES shows it to nodes.conf, as Disque does (nothing reads it back: membership is Orleans').</summary>
    private static async ValueTask<Reply> SaveConfig(Session session)
    {
        try
        {
            await File.WriteAllTextAsync("nodes.conf", await NodesText(session));
            return Reply.Ok;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return DisqueError.SavingClusterConfig(error.Message);
        }
    }

    /// <summary>CLUSTER RESET [SOFT|HARD]: a node alone forgets its jobs and queues; with other silos alive, membership is Orleans' and the reset is refused.</summary>
    private static ValueTask<Reply> Reset(Session session, RespRequest args)
    {
        if (args.Count == 3 && !args.Is(2, "SOFT"u8) && !args.Is(2, "HARD"u8))
            return Done(DisqueError.Syntax);
        if (session.Node.Cluster.Alive.Count > 1)
            return Done(DisqueError.ResetWithOtherNodes);
        return DebugCommand.FlushAll(session);
    }

    private static async ValueTask<Reply> Forget(Session session, string id)
    {
        if (id.Length != 40)
            return DisqueError.BadNodeId;
        if (id == session.Node.Cluster.SelfNodeId)
            return DisqueError.ForgetMyself;
        return await session.Node.Forget(id) ? Reply.Ok : DisqueError.UnknownNode(id);
    }
}
