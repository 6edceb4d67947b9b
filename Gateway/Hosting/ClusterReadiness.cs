using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Gateway.Hosting;

/// <summary>
/// A gateway takes RESP clients only once its cluster can serve them: started after
/// the silo and before the RESP listener, it waits until no member of the cluster is
/// still joining and every active silo's job store answers (which also brings those
/// stores up, so a first ADDJOB does not pay for them inside its timeout). A cluster
/// that does not settle within <see cref="Patience"/> is served as it is, with a warning.
/// </summary>
internal sealed class ClusterReadiness(ClusterView cluster, IClusterMembershipService membership, ILogger<ClusterReadiness> log) : IHostedService
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        string? waitingFor;
        while ((waitingFor = await NotReady()) is not null)
        {
            if (TimeProvider.System.GetElapsedTime(started) > Patience)
            {
                log.LogWarning("Serving RESP although the cluster has not settled after {Seconds} s: {Reason}", Patience.TotalSeconds, waitingFor);
                return;
            }
            await Task.Delay(Pause, cancellationToken);
        }
    }

    /// <summary>Null when ready, else what is still awaited.</summary>
    private async Task<string?> NotReady()
    {
        var joining = membership.CurrentSnapshot.Members.Values.FirstOrDefault(m => m.Status is SiloStatus.Created or SiloStatus.Joining);
        if (joining is not null)
            return $"{joining.SiloAddress} is still joining";
        foreach (var silo in cluster.Active)
        {
            try
            {
                var store = cluster.Store(silo);
                await store.Describe().WaitAsync(AnswerWithin);
                // An empty batch of copies: the path a first ADDJOB's replication takes, without a job.
                if (!silo.Equals(cluster.Self))
                    await store.Replicate([], cluster.Self).WaitAsync(AnswerWithin);
            }
            catch (Exception error)
            {
                return $"the job store of {silo} does not answer ({error.GetType().Name})";
            }
        }
        return null;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
