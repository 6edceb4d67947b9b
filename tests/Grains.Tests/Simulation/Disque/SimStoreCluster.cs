using Disque.Cluster;
using Disque.Wire;
using Orleans.Runtime;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// A simulated silo's view of the cluster, as the real store, GETJOB and the router read it
/// (<see cref="IStoreCluster"/>): who lives and who was declared dead come from the node's
/// own membership view, which learns late; another silo's store is reached over the
/// simulated network. A simulated node incarnation is a silo address (<see cref="SiloNames"/>).
/// </summary>
internal sealed class SimStoreCluster : IStoreCluster
{
    private readonly SimNode _node;
    private readonly SiloNames _names;
    private readonly int _silos;
    private readonly Dictionary<SimAddress, IJobStore> _stores = [];
    private long _version;

    /// <param name="silos">Nodes 0 to silos-1 are silos; the others (the clients) are no members.</param>
    public SimStoreCluster(SimNode node, SiloNames names, int silos)
    {
        _node = node;
        _names = names;
        _silos = silos;
        Self = Silo(node.Address);
        node.View.Changed += (address, _) => _version += IsSilo(address) ? 1 : 0;
    }

    private SiloAddress Silo(SimAddress address) => _names.Silo(address);

    private SimAddress Address(SiloAddress silo) => _names.Address(silo);

    public SiloAddress Self { get; }

    public MembershipVersion Version => new(_version);

    public IReadOnlyList<SiloAddress> Alive => [.. _node.View.Alive.Where(IsSilo).Select(Silo)];

    public IReadOnlyList<SiloAddress> Active => Alive;

    public IReadOnlyList<SiloAddress> ActiveOthers => [.. _node.View.Alive.Where(a => a != _node.Address && IsSilo(a)).Select(Silo)];

    private bool IsSilo(SimAddress address) => address.Node < _silos;

    public bool IsAlive(SiloAddress silo) => _node.View.IsAlive(Address(silo));

    public bool IsDeclaredDead(SiloAddress silo) => _node.View.IsDeclaredDead(Address(silo));

    public SiloAddress? SiloOf(uint nodePrefix) => Alive.FirstOrDefault(s => ClusterView.NodePrefix(s) == nodePrefix);

    public IJobStore Store(SiloAddress silo)
    {
        var address = Address(silo);
        if (!_stores.TryGetValue(address, out var store))
            _stores[address] = store = _node.Connect<IJobStore>(address);
        return store;
    }

    public string NodeId(SiloAddress silo) => global::Disque.Domain.NodeIds.FromSilo(silo.ToParsableString());

    public TimeProvider Time => _node.Time;
}
