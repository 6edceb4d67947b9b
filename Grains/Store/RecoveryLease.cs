using Disque.Journal;

namespace Disque.Store;

/// <summary>
/// The recovery lock held as a lease of <see cref="Length"/>, renewed as recovery makes progress
/// once a third of it has passed. So two recoveries never overlap, however long reading the journal
/// takes; and a holder that stood still past its lease (the lock lapsed, another silo may have taken
/// it) learns so at its next renewal, before it takes another job, and stops. Measured on the time
/// calls wait by (<see cref="Cluster.IStoreCluster.Time"/>).
/// </summary>
internal sealed class RecoveryLease(IRecoveryLock held, TimeProvider time)
{
    /// <summary>Long next to a renewal (one call to the journal), short enough that a recovery that died lets go soon.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    private long _renewed = time.GetTimestamp();

    /// <summary>Since the lock was taken or last renewed.</summary>
    public TimeSpan SinceRenewed => time.GetElapsedTime(_renewed);

    /// <summary>On progress: renews the lease once a third of it has passed; false once the lock is lost.</summary>
    public async Task<bool> StillHeld()
    {
        if (SinceRenewed < Length / 3)
            return true;
        var asked = time.GetTimestamp();
        if (!await held.Renew(Length))
            return false;
        _renewed = asked;
        return true;
    }
}
