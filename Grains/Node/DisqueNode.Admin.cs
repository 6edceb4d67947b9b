using Orleans.Runtime;

namespace Disque.Node;

/// <summary>Leaving the cluster, and removing another silo from it.</summary>
public sealed partial class DisqueNode
{
    /// <summary>CLUSTER LEAVING yes|no: a leaving node takes no new copies and answers would-block GETJOBs with -LEAVING.</summary>
    public Task SetLeaving(bool leaving)
    {
        _node.Leaving = leaving;
        if (leaving)
            _ = HandOffInBackground();
        return Task.CompletedTask;
    }

    /// <summary>
    /// CLUSTER LEAVING's hand-off has no shutdown to fit in: it ends within Orleans' 30 s call
    /// timeout, which the call to this silo's store has. A later one moves what stayed.
    /// </summary>
    private static readonly TimeSpan LeavingWithin = TimeSpan.FromSeconds(25);

    /// <summary>Moves this silo's copies to the others within <paramref name="within"/>; awaited by a clean shutdown, left running by CLUSTER LEAVING.</summary>
    public async Task HandOff(TimeSpan within)
    {
        _node.Leaving = true;
        await _cluster.LocalStore.HandOff(within);
    }

    private async Task HandOffInBackground()
    {
        try
        {
            await _cluster.LocalStore.HandOff(LeavingWithin);
        }
        catch (Exception error)
        {
            _log.LogWarning(error, "Handing jobs over to other silos failed");
        }
    }

    /// <summary>CLUSTER FORGET: declares the silo with this node id dead in Orleans membership; false when no such silo lives.</summary>
    public async Task<bool> Forget(string nodeId)
    {
        var silo = _cluster.Alive.FirstOrDefault(s => _cluster.NodeId(s) == nodeId);
        return silo is not null && await _membership.TryKill(silo);
    }
}
