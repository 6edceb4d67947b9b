using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// Silos a recovery named dead (durable mode, <see cref="StoreCore.Known"/>): their copies are refused here
/// for a while, as a dead silo's are, even before this silo's own view of the membership says they died,
/// so a copy one sent before it died, landing late, does not make this store a second owner of a job the
/// recovering silo took over (policies durable seed 1746). One entry a silo, however many jobs were asked.
/// Changed and read on the store's turn only.
/// </summary>
internal sealed class SiloFence
{
    private readonly Dictionary<SiloAddress, long> _until = [];

    public int Count => _until.Count;

    /// <summary>Copies from <paramref name="silo"/> are refused until <paramref name="untilMs"/> (the later of two fences stands).</summary>
    public void Raise(SiloAddress silo, long untilMs)
    {
        if (!_until.TryGetValue(silo, out var until) || until < untilMs)
            _until[silo] = untilMs;
    }

    public bool Holds(SiloAddress silo, long nowMs) => _until.TryGetValue(silo, out var until) && nowMs < until;

    public void Expire(long nowMs)
    {
        if (_until.Count == 0)
            return;
        foreach (var (silo, until) in _until.ToList())
            if (until <= nowMs)
                _until.Remove(silo);
    }
}
