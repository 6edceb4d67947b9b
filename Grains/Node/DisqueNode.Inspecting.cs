using System.Text;
using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Node;

/// <summary>
/// QLEN, QSTAT, QPEEK, PAUSE, QSCAN and JSCAN. Scans cover the whole cluster;
/// their cursors name positions that do not move as the cluster changes (a hash
/// of the queue name; a silo's node prefix and a store shard), so every item
/// present for the whole scan is returned at least once.
/// </summary>
public sealed partial class DisqueNode
{
    /// <summary>QLEN: the jobs queued in every silo's part of the queue (on one silo, one local call).</summary>
    public async Task<long> QueueLength(string queue)
    {
        if (_cluster.Alive.Count == 1)
            return (await _store.Run(static (store, q) => store.QueuePart(q), queue))?.Length ?? 0;
        var parts = await _cluster.AskEveryStore(store => store.QueuePart(queue), null, _log, "QLEN");
        return parts.Sum(p => p?.Length ?? 0);
    }

    public Task<QueueStats?> QueueStats(string queue) => Queue(queue).Stat();

    public async Task<Delivery[]> Peek(string queue, long count)
    {
        if (count == 0)
            return [];
        // long.MinValue asks for as many as -long.MaxValue does (the queue cannot tell them apart).
        var jobs = await Queue(queue).Peek(Math.Max(count, -long.MaxValue));
        var deliveries = new Delivery[jobs.Length];
        for (var i = 0; i < jobs.Length; i++)
            deliveries[i] = new Delivery(queue, jobs[i]);
        return deliveries;
    }

    public Task<PauseState> Pause(string queue, PauseState state, bool update) => Queue(queue).Pause(state, update);

    /// <summary>QSCAN: the queues with at least <paramref name="minLen"/> and at most <paramref name="maxLen"/> jobs, from the cursor on.</summary>
    public async Task<(ulong Next, string[] Queues)> ScanQueues(ulong cursor, int count, long minLen, long maxLen)
    {
        var all = await _cluster.AskEveryStore(store => store.LocalQueues(minLen, maxLen), [], _log, "QSCAN");
        var ordered = all.SelectMany(q => q).Distinct().Select(name => (Hash: QueueCursor(name), Name: name))
            .Where(q => q.Hash >= cursor).OrderBy(q => q.Hash).ToList();
        var page = ordered.Take(Math.Max(1, count)).ToList();
        var next = ordered.Count > page.Count ? ordered[page.Count].Hash : 0;
        return (next, [.. page.Select(q => q.Name)]);
    }

    /// <summary>The position of a queue in a QSCAN: a hash, never 0 (0 starts and ends a scan).</summary>
    internal static ulong QueueCursor(string name)
    {
        // FNV-1a: stable across processes and silos, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
            hash = (hash ^ b) * 1099511628211UL;
        return Math.Max(1, hash >> 1);
    }

    public async Task<(ulong Next, JobInfo[] Jobs)> ScanJobs(ulong cursor, int count, JobScanFilter filter)
    {
        // The cursor is (node prefix, shard) + 1 of the next store and shard to read.
        var silos = _cluster.Alive.OrderBy(ClusterView.NodePrefix).ToList();
        var position = cursor == 0 ? 0 : cursor - 1;
        var jobs = new List<JobInfo>();
        foreach (var silo in silos)
        {
            var prefix = (ulong)ClusterView.NodePrefix(silo) * Store.JobTable.Shards;
            if (prefix + Store.JobTable.Shards <= position)
                continue;
            var shard = (int)Math.Max(0, (long)position - (long)prefix);
            var page = await _cluster.Store(silo).Scan(shard, Math.Max(1, count - jobs.Count), filter);
            jobs.AddRange(page.Jobs);
            if (page.NextShard < Store.JobTable.Shards)
                return (prefix + (ulong)page.NextShard + 1, [.. jobs]);
            if (jobs.Count >= count)
                return (NextAfter(silos, silo), [.. jobs]);
        }
        return (0, [.. jobs]);
    }

    private static ulong NextAfter(List<SiloAddress> silos, SiloAddress silo)
    {
        var index = silos.IndexOf(silo);
        return index + 1 < silos.Count ? (ulong)ClusterView.NodePrefix(silos[index + 1]) * Store.JobTable.Shards + 1 : 0;
    }

    /// <summary>HELLO: every silo that serves RESP, as Disque lists nodes.</summary>
    public async Task<NodeInfo[]> Nodes()
    {
        var nodes = await _cluster.AskEveryStore<NodeInfo?>(async store => await store.Describe(), null, _log, "HELLO");
        return [.. nodes.Where(n => n is not null).Select(n => n!)];
    }
}
