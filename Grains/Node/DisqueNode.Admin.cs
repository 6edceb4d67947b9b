using Orleans.Runtime;

namespace Disque.Node;

/// <summary>Leaving the cluster, and removing another silo from it.</summary>
public sealed partial class DisqueNode
{
    /// <summary>CLUSTER LEAVING yes|no: a leaving node takes no new copies and answers would-block GETJOBs with -LEAVING.</summary>
    public Task SetLeaving(bool leaving)
    {
        _node.Leaving = leaving;
        return Task.CompletedTask;
    }

    /// <summary>CLUSTER FORGET: declares the silo with this node id dead in Orleans membership; false when no such silo lives.</summary>
    public async Task<bool> Forget(string nodeId)
    {
        var silo = _cluster.Alive.FirstOrDefault(s => _cluster.NodeId(s) == nodeId);
        return silo is not null && await _membership.TryKill(silo);
    }
}
