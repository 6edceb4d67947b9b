using Orleans.Runtime;

namespace Disque.Cluster;

/// <summary>
/// The cluster as a job store, GETJOB and the job router see it: who lives, who was
/// declared dead, and each silo's store to call. <see cref="ClusterView"/> reads it
/// from Orleans membership; the deterministic simulation in the tests gives each
/// simulated silo a view of its own that lags behind the truth, and stores reached
/// over a simulated network. <see cref="Time"/> is the time calls wait by (Orleans'
/// real time in a silo, virtual time in the simulation); a job's DELAY, RETRY and
/// TTL read <see cref="DisqueClock"/>.
/// </summary>
public interface IStoreCluster
{
    SiloAddress Self { get; }

    /// <summary>Changes whenever membership does.</summary>
    MembershipVersion Version { get; }

    /// <summary>Silos not known dead, in address order: they hold their copies and answer for them.</summary>
    IReadOnlyList<SiloAddress> Alive { get; }

    /// <summary>Silos fully in the cluster: the ones new copies may go to.</summary>
    IReadOnlyList<SiloAddress> Active { get; }

    /// <summary>The active silos but this one: where this silo's copies may go.</summary>
    IReadOnlyList<SiloAddress> ActiveOthers { get; }

    bool IsAlive(SiloAddress silo);

    /// <summary>Membership declared this silo dead (see <see cref="ClusterView.IsDeclaredDead"/>).</summary>
    bool IsDeclaredDead(SiloAddress silo);

    /// <summary>The living silo whose node id starts with these 8 hex digits: a job's home.</summary>
    SiloAddress? SiloOf(uint nodePrefix);

    IJobStore Store(SiloAddress silo);

    /// <summary>The silo's Disque node id (40 hex digits).</summary>
    string NodeId(SiloAddress silo);

    /// <summary>The time calls to other silos wait by.</summary>
    TimeProvider Time { get; }
}
