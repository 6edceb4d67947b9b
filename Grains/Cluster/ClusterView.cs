using System.Collections.Concurrent;
using Disque.Domain;
using Orleans.Runtime;

namespace Disque.Cluster;

/// <summary>
/// This silo's view of the cluster as Disque sees it: which silos live, their
/// node ids, which silo made a job (from the id's 8 hex digits), and each
/// silo's job store. Read from Orleans membership on every call, so it is as
/// fresh as membership is; <see cref="Version"/> changes when membership does.
/// </summary>
public sealed partial class ClusterView(IClusterMembershipService membership, ILocalSiloDetails local, IGrainFactory grains, TimeProvider time) : IStoreCluster
{
    private readonly ConcurrentDictionary<SiloAddress, string> _nodeIds = new();
    private readonly ConcurrentDictionary<SiloAddress, IJobStore> _stores = new();
    private volatile View? _view;

    public SiloAddress Self => local.SiloAddress;

    public TimeProvider Time => time;

    /// <summary>The silo's grain factory, for callers that reach grains by key (SCHEDULE's commands).</summary>
    public IGrainFactory Grains => grains;

    public string SelfNodeId => NodeId(local.SiloAddress);

    /// <summary>Changes whenever membership does.</summary>
    public MembershipVersion Version => membership.CurrentSnapshot.Version;

    /// <summary>Silos not known dead, in address order: they hold their copies and answer for them.</summary>
    public IReadOnlyList<SiloAddress> Alive => Current.Alive;

    /// <summary>Silos fully in the cluster: the ones new copies may go to.</summary>
    public IReadOnlyList<SiloAddress> Active => Current.Active;

    /// <summary>The active silos but this one: where this silo's copies may go.</summary>
    public IReadOnlyList<SiloAddress> ActiveOthers => Current.ActiveOthers;

    /// <summary>Silos membership declared dead (stopped or failed), the most recently started first.</summary>
    public IReadOnlyList<SiloAddress> Dead => Current.Dead;

    public bool IsAlive(SiloAddress silo) => Array.IndexOf(Current.Alive, silo) >= 0;

    /// <summary>
    /// Membership declared this silo dead. It may still run, cut off, not knowing it yet: the
    /// others took its jobs over and may have acked them since, so it hands out no job to
    /// them and none goes to it. (A silo this one does not know yet is not dead: it is new.)
    /// </summary>
    public bool IsDeclaredDead(SiloAddress silo) => Array.IndexOf(Current.Dead, silo) >= 0;

    public string NodeId(SiloAddress silo) => _nodeIds.GetOrAdd(silo, static s => NodeIds.FromSilo(s.ToParsableString()));

    public static uint NodePrefix(SiloAddress silo) => NodeIds.PrefixFromSilo(silo.ToParsableString());

    /// <summary>The living silo whose node id starts with these 8 hex digits: a job's home.</summary>
    public SiloAddress? SiloOf(uint nodePrefix) => Current.ByPrefix.GetValueOrDefault(nodePrefix);

    public IJobStore Store(SiloAddress silo) => _stores.GetOrAdd(silo, static (s, g) => g.GetGrain<IJobStore>(s.ToParsableString()), grains);

    public IJobStore LocalStore => Store(local.SiloAddress);

    private View Current
    {
        get
        {
            var snapshot = membership.CurrentSnapshot;
            var view = _view;
            if (view is not null && ReferenceEquals(view.Snapshot, snapshot))
                return view;
            return _view = View.Of(snapshot, local.SiloAddress);
        }
    }

    private sealed record View(ClusterMembershipSnapshot Snapshot, SiloAddress[] Alive, SiloAddress[] Active, SiloAddress[] ActiveOthers, SiloAddress[] Dead, Dictionary<uint, SiloAddress> ByPrefix)
    {
        public static View Of(ClusterMembershipSnapshot snapshot, SiloAddress self)
        {
            var members = snapshot.Members.Values;
            var alive = members.Where(m => m.Status is not SiloStatus.Dead and not SiloStatus.None).Select(m => m.SiloAddress).ToHashSet();
            alive.Add(self);
            var byPrefix = new Dictionary<uint, SiloAddress>();
            foreach (var silo in alive)
                byPrefix.TryAdd(NodePrefix(silo), silo);
            SiloAddress[] active = [.. members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order()];
            SiloAddress[] dead = [.. members.Where(m => m.Status == SiloStatus.Dead && !alive.Contains(m.SiloAddress)).Select(m => m.SiloAddress).OrderByDescending(s => s.Generation)];
            return new View(snapshot, [.. alive.Order()], active, [.. active.Where(s => !s.Equals(self))], dead, byPrefix);
        }
    }
}
