using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Disque.Cluster.Tests;

/// <summary>
/// A network of its own for a test cluster, made of Linux network namespaces: each node runs in
/// a namespace whose one link (a veth pair) goes to a bridge in this host's namespace, where the
/// membership Redis and the test's clients are. Faults are made on those links: cut (the link
/// down, as a pulled cable: the node reaches nobody, Redis included), isolate from some nodes
/// (nftables rules in the node's namespace dropping their packets both ways, Redis and clients
/// still reachable), degrade (tc netem loss and delay, both ways).
/// Every name carries a random id and this process' pid, so two runs cannot collide; Dispose
/// removes everything, and a run removes what killed runs left behind (their pid is gone).
/// Needs root, iproute2 (ip, tc) and nftables.
/// </summary>
public sealed partial class NamespaceNetwork : IClusterNetwork, IDisposable
{
    private const string NftTable = "disque_partition";
    private static readonly Lazy<string?> Missing = new(FindMissing);
    private static readonly Lazy<bool> HasNetem = new(() => Probe(space => Run("ip", "netns", "exec", space, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms")) is null);
    private readonly string _prefix;
    private readonly string _subnet;
    private readonly List<string> _nodes = [];

    private NamespaceNetwork(string prefix, string subnet) => (_prefix, _subnet) = (prefix, subnet);

    /// <summary>Why namespaces cannot be made here (not root, a tool missing, no netns support), or null.</summary>
    public static string? Unavailable => Missing.Value;

    public static NamespaceNetwork Create()
    {
        RemoveDeadRuns();
        var prefix = $"d{Random.Shared.Next(0x10000):x4}{Environment.ProcessId}";
        var routes = Run("ip", "-4", "route", "show") + Run("ip", "-4", "addr", "show");
        string subnet;
        do
            subnet = $"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(256)}.";
        while (routes.Contains(subnet, StringComparison.Ordinal));
        var network = new NamespaceNetwork(prefix, subnet);
        try
        {
            Run("ip", "link", "add", network.Bridge, "type", "bridge");
            Run("ip", "addr", "add", subnet + "1/24", "dev", network.Bridge);
            Run("ip", "link", "set", network.Bridge, "up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private string Bridge => _prefix + "b";

    private string Namespace(int index) => $"{_prefix}n{index}";

    private string Link(int index) => $"{_prefix}v{index}";

    public IPAddress RedisAddress => IPAddress.Parse(_subnet + "1");

    public IPAddress AddressOf(string node) => IPAddress.Parse(_subnet + (10 + Index(node)));

    public IReadOnlyList<string> Prefix(string node) => ["ip", "netns", "exec", Namespace(Index(node))];

    /// <summary>The node's link goes down: it reaches nobody and nobody reaches it.</summary>
    public void Cut(string node) => Run("ip", "link", "set", Link(Index(node)), "down");

    /// <summary>The node's link comes up again.</summary>
    public void Heal(string node) => Run("ip", "link", "set", Link(Index(node)), "up");

    /// <summary>
    /// The node and <paramref name="others"/> drop each other's packets; the rest (clients, and
    /// Redis unless its <paramref name="redisPort"/> is given) still get through.
    /// </summary>
    public void Isolate(string node, IEnumerable<string> others, int? redisPort = null)
    {
        var addresses = string.Join(", ", others.Select(AddressOf));
        var (fromRedis, toRedis) = redisPort is { } port
            ? ($"; ip saddr {RedisAddress} tcp sport {port} drop", $"; ip daddr {RedisAddress} tcp dport {port} drop")
            : ("", "");
        Filter(node, $"ip saddr {{ {addresses} }} drop{fromRedis}", $"ip daddr {{ {addresses} }} drop{toRedis}");
    }

    /// <summary>Undoes <see cref="Isolate"/>.</summary>
    public void Rejoin(string node) => Run([.. Prefix(node), "nft", "delete", "table", "inet", NftTable]);

    /// <summary>An nftables rule for what comes into the node's namespace and one for what leaves it.</summary>
    private void Filter(string node, string input, string output)
    {
        var rules = Path.GetTempFileName();
        try
        {
            File.WriteAllText(rules, $$"""
                table inet {{NftTable}} {
                  chain input { type filter hook input priority 0; policy accept; {{input}}; }
                  chain output { type filter hook output priority 0; policy accept; {{output}}; }
                }
                """);
            Run([.. Prefix(node), "nft", "-f", rules]);
        }
        finally
        {
            File.Delete(rules);
        }
    }

    /// <summary>What <see cref="Degrade"/> does to a link, on this kernel.</summary>
    public static string Degradation => HasNetem.Value
        ? "5% loss and 25±10 ms delay at each end of every link (netem)"
        : "5% loss at each end of every link (nftables), each end at 4 Mbit/s with up to 100 ms of queueing (tbf; no netem in this kernel)";

    /// <summary>
    /// The node's link loses and delays packets, both ways (so a packet between two degraded nodes
    /// risks it twice): tc netem where the kernel has it, else nftables dropping at random and tc tbf
    /// slowing the link (its queue is the delay).
    /// </summary>
    public void Degrade(string node)
    {
        string[] shape = HasNetem.Value
            ? ["netem", "loss", "5%", "delay", "25ms", "10ms"]
            : ["tbf", "rate", "4mbit", "burst", "32kbit", "latency", "100ms"];
        Run(["tc", "qdisc", "replace", "dev", Link(Index(node)), "root", .. shape]);
        Run([.. Prefix(node), "tc", "qdisc", "replace", "dev", "eth0", "root", .. shape]);
        if (!HasNetem.Value)
            Filter(node, "numgen random mod 100 < 5 drop", "numgen random mod 100 < 5 drop");
    }

    /// <summary>Undoes <see cref="Degrade"/>.</summary>
    public void Restore(string node)
    {
        Run("tc", "qdisc", "del", "dev", Link(Index(node)), "root");
        Run([.. Prefix(node), "tc", "qdisc", "del", "dev", "eth0", "root"]);
        if (!HasNetem.Value)
            Rejoin(node);
    }

    /// <summary>The node's place in the network, made on first use: a namespace, a veth pair to the bridge, an address.</summary>
    private int Index(string node)
    {
        lock (_nodes)
        {
            var index = _nodes.IndexOf(node);
            if (index >= 0)
                return index;
            index = _nodes.Count;
            _nodes.Add(node);
            var (space, link) = (Namespace(index), Link(index));
            Run("ip", "netns", "add", space);
            Run("ip", "link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", space);
            Run("ip", "link", "set", link, "master", Bridge);
            Run("ip", "link", "set", link, "up");
            Run("ip", "-n", space, "link", "set", "lo", "up");
            Run("ip", "-n", space, "addr", "add", $"{_subnet}{10 + index}/24", "dev", "eth0");
            Run("ip", "-n", space, "link", "set", "eth0", "up");
            return index;
        }
    }

    /// <summary>Removes the namespaces (their veth pairs go with them) and the bridge; the processes in them must be gone first.</summary>
    public void Dispose()
    {
        lock (_nodes)
        {
            for (var i = 0; i < _nodes.Count; i++)
                TryRun("ip", "netns", "del", Namespace(i));
            TryRun("ip", "link", "del", Bridge);
        }
    }

    /// <summary>Namespaces and links of earlier runs whose process is gone (killed before it could clean up).</summary>
    private static void RemoveDeadRuns()
    {
        foreach (var line in Run("ip", "netns", "list").Split('\n'))
        {
            var name = line.Split(' ')[0];
            if (OurName().Match(name) is { Success: true } match && match.Groups[3].Value == "n" && !Alive(match))
                TryRun("ip", "netns", "del", name);
        }
        foreach (var line in Run("ip", "-o", "link", "show").Split('\n'))
        {
            var name = line.Split(':', 3) is [_, var field, _] ? field.Trim().Split('@')[0] : "";
            if (OurName().Match(name) is { Success: true } match && !Alive(match))
                TryRun("ip", "link", "del", name);
        }

        static bool Alive(Match match) => Directory.Exists($"/proc/{match.Groups[2].Value}");
    }

    /// <summary>d, 4 hex digits (the run), the pid, then b (bridge), v (veth) or n (namespace) and an index.</summary>
    [GeneratedRegex("^d([0-9a-f]{4})([0-9]+)([bvn])([0-9]*)$")]
    private static partial Regex OurName();

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
            return "network partitions need Linux network namespaces";
        if (!Environment.IsPrivilegedProcess)
            return "network partitions need root (network namespaces, veth links, nftables, tc)";
        foreach (var tool in new[] { "ip", "tc", "nft" })
            if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool))))
                return $"network partitions need '{tool}' (apt-get install iproute2 nftables)";
        return Probe(space =>
        {
            Run("ip", "netns", "exec", space, "nft", "add", "table", "inet", NftTable);
            Run("ip", "netns", "exec", space, "tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "1mbit", "burst", "32kbit", "latency", "100ms");
        }) is { } failure ? $"network partitions cannot be made here: {failure}" : null;
    }

    /// <summary>Tries something in a namespace made for it; what went wrong, or null.</summary>
    private static string? Probe(Action<string> attempt)
    {
        var space = $"d{Random.Shared.Next(0x10000):x4}{Environment.ProcessId}n99";
        try
        {
            Run("ip", "netns", "add", space);
            attempt(space);
            return null;
        }
        catch (InvalidOperationException error)
        {
            return error.Message;
        }
        finally
        {
            TryRun("ip", "netns", "del", space);
        }
    }

    private static void TryRun(params string[] command)
    {
        try
        {
            Run(command);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Run(params string[] command) => ShortCommand.Run(command);
}

/// <summary>A test that needs network namespaces: skipped, saying why, where they cannot be made (not root, tools missing).</summary>
public sealed class NetworkFactAttribute : FactAttribute
{
    public NetworkFactAttribute()
    {
        if (NamespaceNetwork.Unavailable is { } why)
            Skip = why;
    }
}
