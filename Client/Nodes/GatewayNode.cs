namespace Disque.Client;

/// <summary>
/// A node HELLO lists: one that serves clients. <see cref="Priority"/> is Disque's:
/// lower is better, 1 for a healthy node, 100 for one that is leaving the cluster.
/// </summary>
public sealed record GatewayNode(string Id, NodeEndpoint Endpoint, int Priority)
{
    public const int Healthy = 1;
    public const int Leaving = 100;

    /// <summary>The rank of a configured endpoint HELLO did not list: tried only when every listed node failed.</summary>
    public const int LastResort = int.MaxValue;
}
