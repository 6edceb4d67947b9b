using Disque.Cluster;
using Disque.Domain;
using Disque.Journal;
using Disque.Queues;
using Disque.Store;
using Disque.Tests.Simulation.Disque;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace Disque.Tests.Store;

/// <summary>Records and silos for the store's rules, built without a silo.</summary>
internal static class Records
{
    private static readonly JobIdGenerator Ids = new(7);

    /// <summary>A store reaching <paramref name="cluster"/>, started on the caller's turn; job time on <paramref name="clock"/> (the system's unless given).</summary>
    public static async Task<StoreCore> Store(IStoreCluster cluster, IJobJournal journal, DisqueClock? clock = null)
    {
        var store = new StoreCore(cluster, clock ?? DisqueClock.System, new NodeState(), new SimQueueGrains(), new DisqueMetrics(new LocalQueues()),
            journal, NullLogger.Instance, TimeSpan.FromSeconds(6));
        await store.Start();
        return store;
    }

    public static SiloAddress Silo(int port) => SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), 1);

    public static JobRecord Job(long nowMs, int retry = 60, int delay = 0, int ttl = 3600, params SiloAddress[] nodes) => new()
    {
        Id = Ids.Next(ttl, retry),
        Queue = "q",
        Body = [1],
        CTime = nowMs * 1_000_000,
        ExpireAtMs = nowMs + ttl * 1000L,
        TtlSeconds = ttl,
        RetrySeconds = retry,
        DelaySeconds = delay,
        Replicate = Math.Max(1, nodes.Length),
        Nodes = nodes.Length > 0 ? nodes : [Silo(1)],
        State = JobState.WaitRepl,
    };
}
