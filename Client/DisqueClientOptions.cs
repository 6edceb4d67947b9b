using Microsoft.Extensions.Logging;

namespace Disque.Client;

/// <summary>How a <see cref="DisqueClient"/> reaches the cluster.</summary>
public sealed class DisqueClientOptions
{
    /// <summary>
    /// The nodes to start from, <c>host:port</c>; empty: 127.0.0.1:7711. One is enough:
    /// HELLO tells the others. They stay the last resort when every node HELLO named fails.
    /// </summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>Sent with AUTH on every new connection when set.</summary>
    public string? Password { get; set; }

    /// <summary>Connections per node that short commands share, pipelined.</summary>
    public int SharedConnections { get; set; } = 2;

    /// <summary>Connections per node kept open for blocking GETJOBs between calls.</summary>
    public int MaxIdleBlockingConnections { get; set; } = 64;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a reply may take (beyond a GETJOB's own TIMEOUT) before its connection is given up.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often HELLO is asked again, to learn of new nodes and of leaving ones.</summary>
    public TimeSpan HelloInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a node that failed is passed over while others are there.</summary>
    public TimeSpan FailedNodeBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While traced, ADDJOB also tells the server the producer's span (TRACEPARENT, an option of
    /// Disque.Orleans only: real Disque refuses it with a syntax error), so the gateway's spans
    /// join the producer's trace. The job carries the context to the worker either way (see <see cref="JobBody"/>).
    /// </summary>
    public bool SendTraceContext { get; set; }

    public ILoggerFactory? LoggerFactory { get; set; }

    internal IReadOnlyList<NodeEndpoint> Seeds =>
        Endpoints.Count == 0 ? [new NodeEndpoint("127.0.0.1", NodeEndpoint.DefaultPort)] : [.. Endpoints.Select(NodeEndpoint.Parse)];
}
