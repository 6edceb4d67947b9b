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
        new("HELLO", 1, (s, _) => Hello(s)),
        new("CLUSTER", -2, Cluster),
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
            ("MEET", 4) => Meet(session, args.GetString(2), args.GetString(3)),
            ("FORGET", 3) => Forget(session, args.GetString(2)),
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
        var self = session.Node.Cluster.SelfNodeId;
        var text = new StringBuilder();
        foreach (var n in (await session.Node.Nodes()).OrderBy(n => n.NodeId, StringComparer.Ordinal))
        {
            var flags = string.Join(',', new[] { n.NodeId == self ? "myself" : null, n.Leaving ? "leaving" : null }.OfType<string>());
            text.Append(CultureInfo.InvariantCulture, $"{n.NodeId} {n.Host}:{n.RespPort} {(flags.Length == 0 ? "noflags" : flags)} 0 0 connected\n");
        }
        return Reply.Bulk(text.ToString());
    }

    private static async ValueTask<Reply> Info(Session session)
    {
        var nodes = await session.Node.Nodes();
        var text = $"cluster_state:ok\r\ncluster_known_nodes:{nodes.Length}\r\ncluster_reachable_nodes:{nodes.Length}\r\ncluster_size:{nodes.Length}\r\n";
        return Reply.Bulk(text);
    }

    private static async ValueTask<Reply> Meet(Session session, string ip, string port)
    {
        var nodes = await session.Node.Nodes();
        return nodes.Any(n => n.Host == ip && n.RespPort.ToString(CultureInfo.InvariantCulture) == port)
            ? Reply.Ok
            : DisqueError.BadNodeAddress($"{ip}:{port}");
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
