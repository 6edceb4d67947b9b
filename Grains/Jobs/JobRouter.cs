using Disque.Cluster;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Disque.Jobs;

/// <summary>
/// Finds the store that answers for a job: its home (the silo its id names)
/// while that silo lives, else whichever living silo holds a copy.
/// </summary>
public sealed class JobRouter(IStoreCluster cluster, Store.ILocalStore local, ILogger<JobRouter> log)
{
    /// <summary>
    /// Asks the home first, then every other living silo, until one knows the job. A silo
    /// that cannot be reached is passed over; an error a store raises fails the command,
    /// rather than being answered as an unknown job.
    /// </summary>
    public async Task<T> Ask<T>(JobId id, Func<IJobStore, Task<T>> ask, Func<T, bool> known, T unknown)
    {
        var home = cluster.SiloOf(id.Node);
        foreach (var silo in home is null ? cluster.Alive : cluster.Alive.Where(s => !s.Equals(home)).Prepend(home))
        {
            try
            {
                var answer = silo.Equals(cluster.Self) ? await local.Run(static (store, a) => a(store), ask) : await ask(cluster.Store(silo));
                if (known(answer))
                    return answer;
            }
            catch (Exception error) when (ClusterView.IsUnreachable(error))
            {
                log.LogInformation(error, "{Silo} could not be asked about {Job}; asking the others", silo, id);
            }
        }
        return unknown;
    }

    /// <summary>
    /// Sends ids to their homes, one call per home; ids whose home is gone go to
    /// this silo's store, which asks the others (ACK, FASTACK and DELJOB relay).
    /// </summary>
    public ValueTask<int> ByHome(JobId[] ids, Func<IJobStore, JobId[], Task<int>> send) => AllHere(ids) ? Here(send, ids) : new(PerHome(ids, (home, batch) =>
        // A home that crashed is waited for until declared dead; then this silo's store relays.
        cluster.UntilAnsweredOrDead(home, store => send(store, batch), () => Locally(send, batch)), send));

    /// <summary>
    /// Best effort (FASTACK): each home is asked once; one that fails or does not answer
    /// within <see cref="OnceWithin"/> is not waited for, this silo's store goes on without it.
    /// </summary>
    public ValueTask<int> ByHomeOnce(JobId[] ids, Func<IJobStore, JobId[], Task<int>> send) => AllHere(ids) ? Here(send, ids) : new(PerHome(ids, async (home, batch) =>
    {
        try
        {
            return await send(cluster.Store(home), batch).WaitAsync(OnceWithin, cluster.Time);
        }
        catch (Exception error)
        {
            log.LogWarning(error, "{Silo} did not answer for {Count} jobs; this silo carries on without it", home, batch.Length);
            return await Locally(send, batch);
        }
    }, send));

    /// <summary>How long a best-effort command waits for a job's home.</summary>
    public static readonly TimeSpan OnceWithin = TimeSpan.FromSeconds(1);

    /// <summary>One call per home; the ids whose home is this silo, or gone, go to this silo's store.</summary>
    private async Task<int> PerHome(JobId[] ids, Func<SiloAddress, JobId[], Task<int>> toOtherHome, Func<IJobStore, JobId[], Task<int>> send)
    {
        Task<int> SendHome(SiloAddress home, JobId[] batch) => home.Equals(cluster.Self) ? Locally(send, batch) : toOtherHome(home, batch);
        if (OneHome(ids) is { } only)
            return await SendHome(only, ids);
        var groups = ids.GroupBy(id => cluster.SiloOf(id.Node) ?? cluster.Self).ToList();
        var counts = await Task.WhenAll(groups.Select(g => SendHome(g.Key, [.. g])));
        return counts.Sum();
    }

    /// <summary>
    /// Commands only a job's owner carries out (NACK, ENQUEUE, DEQUEUE): each home is
    /// asked for its jobs, and the ids it does not own (taken over, or moved away when
    /// it left) are asked of every other living silo in turn.
    /// </summary>
    public async Task<int> ToOwners(JobId[] ids, Func<IJobStore, JobId[], Task<Counted>> send)
    {
        if (ids.Length == 0)
            return 0;
        var homes = ids.GroupBy(id => cluster.SiloOf(id.Node)).ToList();
        var answers = await Task.WhenAll(homes.Select(g => g.Key is null
            ? Task.FromResult(new Counted(0, [.. g]))
            : AskOwner(g.Key, [.. g], send)));
        var count = answers.Sum(a => a.Count);
        var unknown = answers.SelectMany(a => a.Unknown).ToArray();
        foreach (var silo in cluster.Alive)
        {
            if (unknown.Length == 0)
                break;
            if (homes.Any(h => silo.Equals(h.Key)))
                continue;
            var answer = await AskOwner(silo, unknown, send);
            count += answer.Count;
            unknown = answer.Unknown;
        }
        return count;
    }

    /// <summary>The one home of all these jobs (most often: a consumer acks what one producer's gateway made), or null.</summary>
    private SiloAddress? OneHome(JobId[] ids)
    {
        var node = ids[0].Node;
        foreach (var id in ids)
            if (id.Node != node)
                return null;
        return cluster.SiloOf(node) ?? cluster.Self;
    }

    /// <summary>This silo's own store, reached on its turn without a grain message.</summary>
    private Task<T> Locally<T>(Func<IJobStore, JobId[], Task<T>> send, JobId[] ids) => Here(send, ids).AsTask();

    private ValueTask<T> Here<T>(Func<IJobStore, JobId[], Task<T>> send, JobId[] ids) => local.Run(static (store, a) => a.send(store, a.ids), (send, ids));

    /// <summary>True when every one of these jobs was made on this silo, which lives: the commonest case, answered in one turn of its store.</summary>
    private bool AllHere(JobId[] ids) => ids.Length > 0 && OneHome(ids) is { } only && only.Equals(cluster.Self);

    /// <summary>A silo that cannot be reached owns nothing it could act on: every id stays unknown.</summary>
    private async Task<Counted> AskOwner(SiloAddress silo, JobId[] ids, Func<IJobStore, JobId[], Task<Counted>> send)
    {
        try
        {
            return silo.Equals(cluster.Self) ? await Locally(send, ids) : await send(cluster.Store(silo), ids);
        }
        catch (Exception error) when (ClusterView.IsUnreachable(error))
        {
            log.LogInformation(error, "{Silo} could not be asked about {Count} jobs; asking the others", silo, ids.Length);
            return new Counted(0, ids);
        }
    }
}
