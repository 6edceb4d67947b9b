namespace Disque.Client.Nodes;

/// <summary>
/// Which node to talk to. The client starts from its configured endpoints; HELLO
/// then lists the cluster's nodes with Disque's priority (1 healthy, 100 leaving).
/// The rule: the best priority among the nodes that have not failed lately; among
/// equals, the node in use (no needless moves), else the first listed. A node that
/// fails is passed over for a while; when every node failed lately, the one that
/// failed longest ago is tried. Configured endpoints HELLO does not list stay as a
/// last resort, so a client that lost the whole list can still find its way back.
/// </summary>
internal sealed class NodeDirectory
{
    private readonly object _lock = new();
    private readonly IReadOnlyList<NodeEndpoint> _seeds;
    private readonly TimeSpan _backoff;
    private readonly TimeProvider _time;
    private List<Entry> _entries;
    private NodeEndpoint? _current;

    public NodeDirectory(IReadOnlyList<NodeEndpoint> seeds, TimeSpan backoff, TimeProvider time)
    {
        (_seeds, _backoff, _time) = (seeds, backoff, time);
        _entries = [.. seeds.Distinct().Select(s => new Entry(new GatewayNode("", s, GatewayNode.Healthy)))];
    }

    /// <summary>The nodes as last learned, best first.</summary>
    public IReadOnlyList<GatewayNode> Nodes
    {
        get
        {
            lock (_lock)
                return [.. _entries.OrderBy(e => e.Node.Priority).Select(e => e.Node)];
        }
    }

    /// <summary>The node the last command was answered by.</summary>
    public GatewayNode? Current
    {
        get
        {
            lock (_lock)
                return _entries.FirstOrDefault(e => e.Node.Endpoint == _current)?.Node;
        }
    }

    /// <summary>The node to try next, leaving out those already tried for this command; null when none is left.</summary>
    public NodeEndpoint? Choose(IReadOnlyCollection<NodeEndpoint> tried)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var candidates = _entries.Where(e => !tried.Contains(e.Node.Endpoint)).ToList();
            var rested = candidates.Where(e => e.FailedAt is not { } at || _time.GetElapsedTime(at, now) >= _backoff).ToList();
            if (rested.Count == 0)
                return candidates.OrderBy(e => e.FailedAt).FirstOrDefault()?.Node.Endpoint;
            var best = rested.Min(e => e.Node.Priority);
            var ranked = rested.Where(e => e.Node.Priority == best).ToList();
            return (ranked.FirstOrDefault(e => e.Node.Endpoint == _current) ?? ranked[0]).Node.Endpoint;
        }
    }

    /// <summary>The node answered: it is the one in use, and no longer counts as failed.</summary>
    public void Answered(NodeEndpoint endpoint)
    {
        lock (_lock)
        {
            _current = endpoint;
            if (Find(endpoint) is { } entry)
                entry.FailedAt = null;
        }
    }

    /// <summary>A connection to the node could not be made or broke.</summary>
    public void Failed(NodeEndpoint endpoint)
    {
        lock (_lock)
        {
            if (Find(endpoint) is { } entry)
                entry.FailedAt = _time.GetTimestamp();
            if (_current == endpoint)
                _current = null;
        }
    }

    /// <summary>The node answered -LEAVING: rank it as HELLO will, until HELLO says otherwise.</summary>
    public void Leaving(NodeEndpoint endpoint)
    {
        lock (_lock)
        {
            if (Find(endpoint) is { } entry)
                entry.Node = entry.Node with { Priority = Math.Max(entry.Node.Priority, GatewayNode.Leaving) };
        }
    }

    /// <summary>
    /// HELLO's list replaces the nodes known. The node that answered is kept at the
    /// address it was reached at, which works for this client whatever it advertises.
    /// </summary>
    public void Update(string myId, IReadOnlyList<GatewayNode> nodes, NodeEndpoint answeredBy)
    {
        lock (_lock)
        {
            var listed = nodes.Select(n => n.Id == myId ? n with { Endpoint = answeredBy } : n).DistinctBy(n => n.Endpoint).ToList();
            var lastResort = _seeds.Where(s => listed.All(n => n.Endpoint != s)).Select(s => new GatewayNode("", s, GatewayNode.LastResort));
            _entries = [.. listed.Concat(lastResort).Select(n => new Entry(n) { FailedAt = Find(n.Endpoint)?.FailedAt })];
        }
    }

    private Entry? Find(NodeEndpoint endpoint) => _entries.FirstOrDefault(e => e.Node.Endpoint == endpoint);

    private sealed class Entry(GatewayNode node)
    {
        public GatewayNode Node { get; set; } = node;

        /// <summary>When it last failed (a <see cref="TimeProvider"/> timestamp); null: not lately.</summary>
        public long? FailedAt { get; set; }
    }
}
