namespace Disque.Tests.Simulation;

/// <summary>
/// One simulated world: the loop, the network, the membership and the nodes, with the faults a
/// test or the <see cref="SimNemesis"/> can inflict. Guarantees:
/// - nodes are numbered 0, 1, … in the order they are added; each keeps its factory, and a
///   restart runs it again for a new incarnation (generation + 1) with a fresh membership view;
/// - pause holds a node's work items (time goes on elsewhere; resume releases them in order);
///   crash drops them and every later one, so calls waiting on the node time out;
/// - nothing here is thread-safe: all of it is used on the loop's thread, between or inside events.
/// </summary>
public sealed class Sim
{
    private readonly List<(string Name, Func<SimNode, object> Factory)> _slots = [];
    private readonly List<SimNode> _current = [];

    public Sim(int seed, SimNetworkOptions? network = null, SimMembershipOptions? membership = null)
    {
        Loop = new SimLoop(seed);
        Network = new SimNetwork(Loop, Live, network ?? new());
        Membership = new SimMembership(Loop, membership ?? new(), Stop);
    }

    public SimLoop Loop { get; }
    public SimNetwork Network { get; }
    public SimMembership Membership { get; }

    /// <summary>The current incarnation of each node, crashed ones included, by node number.</summary>
    public IReadOnlyList<SimNode> Nodes => _current;

    /// <summary>Adds a node; <paramref name="factory"/> makes its instance in its first turn, now and at each restart.</summary>
    public SimNode Add(string name, Func<SimNode, object> factory)
    {
        _slots.Add((name, factory));
        return Incarnate(_slots.Count - 1, generation: 1);
    }

    /// <summary>The incarnation at <paramref name="address"/> if it is the current one and has not crashed.</summary>
    public SimNode? Live(SimAddress address) =>
        address.Node < _current.Count && _current[address.Node] is { IsCrashed: false } node && node.Address == address ? node : null;

    public void Pause(int node)
    {
        var n = _current[node];
        if (n.IsCrashed || n.IsPaused)
            return;
        n.PauseEpisode++;
        n.Scheduler.Pause();
        Loop.Trace($"pause {n.Address}");
        Membership.Paused(n);
    }

    public void Resume(int node)
    {
        var n = _current[node];
        if (n.IsCrashed || !n.IsPaused)
            return;
        n.Scheduler.Resume();
        Loop.Trace($"resume {n.Address}");
    }

    /// <summary>Ends the node's current incarnation: its pending work never runs, its state is gone with it.</summary>
    public void Crash(int node)
    {
        var n = _current[node];
        if (n.IsCrashed)
            return;
        n.Scheduler.Kill();
        Loop.Trace($"crash {n.Address}");
        Membership.Crashed(n.Address);
    }

    /// <summary>Raised when a node stops on its own, having learnt that it was declared dead (a supervisor would start it again).</summary>
    public event Action<SimNode>? Stopped;

    private void Stop(SimAddress address)
    {
        Crash(address.Node);
        Stopped?.Invoke(_current[address.Node]);
    }

    /// <summary>Crashes the node if it runs, then starts a new incarnation from its factory.</summary>
    public SimNode Restart(int node)
    {
        Crash(node);
        var old = _current[node].Address;
        Membership.Declare(old);
        return Incarnate(node, old.Generation + 1);
    }

    private SimNode Incarnate(int slot, int generation)
    {
        var (name, factory) = _slots[slot];
        var address = new SimAddress(slot, generation);
        var scheduler = new SimNodeScheduler(Loop, address);
        var node = new SimNode(this, address, name, scheduler, Membership.Join(address, scheduler));
        if (slot < _current.Count)
            _current[slot] = node;
        else
            _current.Add(node);
        Loop.Trace($"start {address}");
        scheduler.Run("factory", () => node.Instance = factory(node));
        return node;
    }
}
