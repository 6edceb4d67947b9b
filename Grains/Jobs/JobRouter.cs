using Disque.Cluster;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Disque.Jobs;

/// <summary>
/// Finds the store that answers for a job: its home (the silo its id names)
/// while that silo lives, else whichever living silo holds a copy.
/// </summary>
public sealed class JobRouter(ClusterView cluster, ILogger<JobRouter> log)
{
    /// <summary>Asks the home first, then every other living silo, until one knows the job.</summary>
    public async Task<T> Ask<T>(JobId id, Func<IJobStore, Task<T>> ask, Func<T, bool> known, T unknown)
    {
        var home = cluster.SiloOf(id.Node);
        foreach (var silo in home is null ? cluster.Alive : cluster.Alive.Where(s => !s.Equals(home)).Prepend(home))
        {
            try
            {
                var answer = await ask(cluster.Store(silo));
                if (known(answer))
                    return answer;
            }
            catch (Exception error)
            {
                log.LogDebug(error, "Asking {Silo} about {Job} failed", silo, id);
            }
        }
        return unknown;
    }

    /// <summary>
    /// Sends ids to their homes, one call per home; ids whose home is gone go to
    /// this silo's store, which asks the others (ACK, FASTACK and DELJOB relay).
    /// </summary>
    public async Task<int> ByHome(JobId[] ids, Func<IJobStore, JobId[], Task<int>> send)
    {
        var groups = ids.GroupBy(id => cluster.SiloOf(id.Node) ?? cluster.Self).ToList();
        if (groups.Count == 1)
            return await SendHome(groups[0].Key, ids, send);
        var counts = await Task.WhenAll(groups.Select(g => SendHome(g.Key, [.. g], send)));
        return counts.Sum();
    }

    /// <summary>A home that crashed is waited for until declared dead; then this silo's store relays.</summary>
    private Task<int> SendHome(SiloAddress home, JobId[] ids, Func<IJobStore, JobId[], Task<int>> send) =>
        home.Equals(cluster.Self)
            ? send(cluster.LocalStore, ids)
            : cluster.UntilAnsweredOrDead(home, store => send(store, ids), () => send(cluster.LocalStore, ids));

    public SiloAddress? HomeOf(JobId id) => cluster.SiloOf(id.Node);
}
