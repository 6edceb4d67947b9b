using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// What a hand-off may spend: a shutdown gives it part of its own timeout (LeaveOnShutdown: 15 s of
/// the host's 30), and Orleans would wait 30 s for each call to a silo that stands still, three
/// rounds a chunk. So no call waits longer than a third of what is left (a chunk's three rounds fit
/// in it), nor longer than <see cref="CallCap"/>; and a silo that did not answer in time is silent
/// for the rest of the hand-off: it is given no copy, and the jobs it holds are not moved (its list
/// could not learn of a new holder), so nothing waits for it twice. A job whose copy a silent silo
/// may have taken stays here for the rest of the hand-off, that silo named among its holders: moved to
/// another silo, both could take themselves for its owner once this one is gone.
/// Measured on the time calls wait by (<see cref="IStoreCluster.Time"/>).
/// </summary>
internal sealed class HandOffBudget(TimeProvider time, TimeSpan within)
{
    /// <summary>The longest one round waits for a silo, however much is left: a healthy one answers 1,000 copies in milliseconds.</summary>
    public static readonly TimeSpan CallCap = TimeSpan.FromSeconds(5);

    /// <summary>With less than this left, no chunk starts: its calls could not be answered in time.</summary>
    private static readonly TimeSpan TooLittle = TimeSpan.FromMilliseconds(300);

    private const int RoundsPerChunk = 3;

    private readonly long _started = time.GetTimestamp();
    private readonly HashSet<SiloAddress> _silent = [];
    private readonly HashSet<JobId> _unsure = [];

    public TimeSpan Within => within;

    public TimeSpan Spent => time.GetElapsedTime(_started);

    public TimeSpan Left => within > Spent ? within - Spent : TimeSpan.Zero;

    /// <summary>Too little is left to move another chunk.</summary>
    public bool IsSpent => Left < TooLittle;

    /// <summary>How long the next round waits for each silo it calls.</summary>
    public TimeSpan NextRound => Left / RoundsPerChunk < CallCap ? Left / RoundsPerChunk : CallCap;

    public IReadOnlyCollection<SiloAddress> Silent => _silent;

    public bool Answers(SiloAddress silo) => !_silent.Contains(silo);

    /// <summary>True the first time <paramref name="silo"/> goes silent.</summary>
    public bool WentSilent(SiloAddress silo) => _silent.Add(silo);

    /// <summary>A silent silo may hold a copy of the job: it is not moved again in this hand-off.</summary>
    public void MayBeHeldBySilent(JobId id) => _unsure.Add(id);

    public bool MayMove(JobId id) => !_unsure.Contains(id);
}
