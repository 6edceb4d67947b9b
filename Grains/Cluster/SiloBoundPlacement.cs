using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Disque.Cluster;

/// <summary>
/// Places a grain on the silo its key names (the key is that silo's address, or a store key
/// of that silo, <see cref="StoreKeys"/>), and nowhere else: when that silo is gone the call fails instead of making a
/// new, empty activation somewhere else. Each silo's job store is placed this way.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SiloBoundPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloBoundPlacementAttribute() : PlacementAttribute(new SiloBoundPlacement());

public sealed class SiloBoundPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        if (!SiloAddress.TryParse(StoreKeys.SiloPart(key), out var wanted) || wanted is null)
            throw new ArgumentException($"The key '{key}' does not name a silo.");
        if (Array.IndexOf(context.GetCompatibleSilos(target), wanted) < 0)
            throw new SiloUnavailableException($"Silo {wanted} is not an active member of the cluster.");
        return Task.FromResult(wanted);
    }
}
