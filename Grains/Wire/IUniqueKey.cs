using Orleans.Concurrency;
using Orleans.Runtime;

namespace Disque.Wire;

/// <summary>
/// Ours (issue 21): one UNIQUE key, the single decision point for it in the cluster (one activation,
/// its calls one at a time). An ADDJOB with the key comes here: it answers the id of the live job
/// holding the key, or has <paramref name="producer"/>'s store make the job and answers its id.
/// </summary>
public interface IUniqueKey : IGrainWithStringKey
{
    [return: Immutable]
    Task<Outcome<JobId>> Claim([Immutable] JobSpec job, SiloAddress producer);
}
