using Orleans.Runtime;

namespace Disque.Store;

/// <summary>Why a store takes a job over (<see cref="JobLifecycle.Adopted"/>): the rule is one, the moment it queues the job differs with what is known.</summary>
internal enum Takeover
{
    /// <summary>The owner died: a consumer may still hold the job, so it is queued again only after its RETRY.</summary>
    OwnerDied,

    /// <summary>The whole cluster restarted (durable mode): no silo holds the job, so it is queued as soon as its DELAY allows.</summary>
    Restart,
}

/// <summary>
/// Who decides a job's fate, and how a store takes that over. The owner is the
/// first living silo of the job's node list (its home while the home lives):
/// only the owner queues the job, runs its DELAY and RETRY, and holds it in its
/// queue. Orleans' membership gives every silo the same view of who lives, so
/// exactly one copy acts as owner; Disque needs WILLQUEUE/QUEUED gossip for this.
/// </summary>
internal static class Ownership
{
    public static bool IsOwner(JobRecord record, SiloAddress self, Func<SiloAddress, bool> isAlive)
    {
        foreach (var silo in record.Nodes)
        {
            if (silo.Equals(self))
                return true;
            if (isAlive(silo))
                return false;
        }
        return false;
    }
}
