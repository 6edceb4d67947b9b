using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Coordination;

/// <summary>
/// Ours (issue 21): a UNIQUE key's decision point. Orleans keeps one activation of it in the
/// cluster, and it takes one claim at a time, so two ADDJOBs with the key can never both find it
/// free. The truth about who holds the key is in the stores: the key travels in the job's extras
/// with every copy, and each store indexes the live jobs it holds by key (and the UNIQUEFOR window
/// after an ACK). This grain keeps only the last holder it knows:
/// - freshly activated (first use, or its silo died), it knows nothing: it asks every living store
///   and decides only once each answered or was declared dead;
/// - knowing a holder, it asks that job's home (and, should the home not hold it, every store)
///   whether the job still lives: an ACK, DELJOB or TTL that ended it is found out then, nobody
///   has to tell the grain;
/// - knowing the key free because it asked, it makes the job without asking again.
/// A claim that cannot check every store answers an error rather than risk a second holder.
/// What a partition can do: while the cluster is split, Orleans may run one activation on each
/// side, and each side may make a job with the key (two live holders) — see the README.
/// </summary>
internal sealed class UniqueKeyGrain(ClusterView cluster, ILogger<UniqueKeyGrain> log) : Grain, IUniqueKey
{
    /// <summary>How long a claim may wait for the stores' answers (a silo that stopped answering is waited for until declared dead).</summary>
    private static readonly TimeSpan CheckWithin = TimeSpan.FromSeconds(20);

    /// <summary>The last job known to hold the key; the empty id when the key is free or unknown (<see cref="_known"/>).</summary>
    private JobId _holder;

    /// <summary>Every store answered since this activation began and nothing made since is unaccounted for.</summary>
    private bool _known;

    private string Key => this.GetPrimaryKeyString();

    public async Task<Outcome<JobId>> Claim(JobSpec job, SiloAddress producer)
    {
        JobId holder;
        try
        {
            holder = await Holder();
        }
        catch (Exception error)
        {
            _known = false;
            log.LogWarning(error, "UNIQUE {Key}: the holder could not be checked on every node; the ADDJOB is refused", Key);
            return DisqueError.UniqueUnsure;
        }
        if (!holder.IsEmpty)
            return holder;
        var maker = cluster.IsAlive(producer) ? producer : cluster.Self;
        try
        {
            var made = (await cluster.Store(maker).Add([job]))[0];
            if (made.Error is null)
                (_holder, _known) = (made.Value, true);
            return made;
        }
        catch
        {
            // The job may or may not exist: the next claim asks every store.
            _known = false;
            throw;
        }
    }

    /// <summary>The live job holding the key, or the empty id; throws when some store could not answer.</summary>
    private async Task<JobId> Holder()
    {
        if (_known && _holder.IsEmpty)
            return default;
        if (_known && cluster.SiloOf(_holder.Node) is { } home)
        {
            try
            {
                var held = await cluster.Store(home).HeldKey(Key).WaitAsync(StoreCalls.AskEveryStoreWithin, cluster.Time);
                if (!held.IsEmpty)
                    return _holder = held;
            }
            catch (Exception error)
            {
                log.Log(ClusterView.Severity(error), error, "UNIQUE {Key}: {Home} did not answer for {Job}; asking every node", Key, home, _holder);
            }
        }
        _known = false;
        var answers = await Task.WhenAll(cluster.Alive.Select(silo => cluster.UntilAnsweredOrDead(silo, store => store.HeldKey(Key), static () => Task.FromResult(default(JobId)))))
            .WaitAsync(CheckWithin, cluster.Time);
        _holder = answers.FirstOrDefault(id => !id.IsEmpty);
        _known = true;
        return _holder;
    }
}
