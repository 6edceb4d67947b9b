using Disque.Cluster;
using Disque.Jobs;
using Disque.Queues;
using Microsoft.Extensions.Logging;

namespace Disque.Node;

/// <summary>
/// Disque's commands as this silo carries them out, for the RESP gateway and
/// for Orleans callers alike: it turns each command into grain calls, batching
/// requests bound for the same grain, and keeps no job state of its own.
/// </summary>
public sealed partial class DisqueNode
{
    private readonly ClusterView _cluster;
    private readonly JobRouter _router;
    private readonly IGrainFactory _grains;
    private readonly LocalQueues _queues;
    private readonly QueueRefs _queueRefs;
    private readonly NodeState _node;
    private readonly DisqueClock _clock;
    private readonly ILogger<DisqueNode> _log;
    private readonly Orleans.Runtime.IClusterMembershipService _membership;
    private readonly Batcher<JobSpec, Outcome<JobId>> _adds;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Batcher<int, QueuedJob[]>> _takers = new(StringComparer.Ordinal);
    private long _blocked;

    public DisqueNode(ClusterView cluster, JobRouter router, IGrainFactory grains, LocalQueues queues, QueueRefs queueRefs, NodeState node, DisqueClock clock,
        Orleans.Runtime.IClusterMembershipService membership, ILogger<DisqueNode> log)
    {
        (_cluster, _router, _grains, _queues, _queueRefs, _node, _clock, _membership, _log) = (cluster, router, grains, queues, queueRefs, node, clock, membership, log);
        var store = _cluster.LocalStore;
        _adds = new Batcher<JobSpec, Outcome<JobId>>(jobs => store.Add(jobs));
    }

    public NodeState State => _node;

    public ClusterView Cluster => _cluster;

    /// <summary>Queues whose grains live on this silo (INFO's registered_queues).</summary>
    public int LocalQueueCount => _queues.Count;

    /// <summary>Consumers of this silo waiting in a blocking GETJOB (INFO's blocked_clients).</summary>
    public long Blocked => Interlocked.Read(ref _blocked);

    /// <summary>ADDJOB: the job's id once its copies exist (or at once with ASYNC), or the error to answer.</summary>
    public ValueTask<Outcome<JobId>> AddJob(JobSpec job) => _adds.Submit(job);

    /// <summary>ACKJOB: the number of jobs known and acknowledged.</summary>
    public Task<int> Ack(JobId[] ids) => ids.Length == 0 ? Task.FromResult(0) : _router.ByHome(ids, (store, batch) => store.Ack(batch));

    /// <summary>FASTACK and DELJOB: the number of jobs known and deleted, with all their copies.</summary>
    public Task<int> Delete(JobId[] ids) => ids.Length == 0 ? Task.FromResult(0) : _router.ByHome(ids, (store, batch) => store.Delete(batch));

    /// <summary>NACK (nack) or ENQUEUE: the number of jobs queued again.</summary>
    public Task<int> Requeue(JobId[] ids, bool nack) =>
        CountPerJob(ids, job => nack ? job.Nack() : job.Enqueue());

    /// <summary>DEQUEUE: the number of jobs taken out of their queue.</summary>
    public Task<int> Dequeue(JobId[] ids) => CountPerJob(ids, job => job.Dequeue());

    public Task<Outcome<long>> Working(JobId id) => Job(id).Working();

    public Task<JobInfo?> Show(JobId id) => Job(id).Show();

    private IJobGrain Job(JobId id) => _grains.GetGrain<IJobGrain>(id.ToString());

    private IDeliveryQueue Queue(string name) => _queueRefs[name];

    /// <summary>GETJOBs for one queue from every connection, batched into one call.</summary>
    private Batcher<int, QueuedJob[]> Takers(string queue)
    {
        if (_takers.TryGetValue(queue, out var takers))
            return takers;
        var grain = Queue(queue);
        takers = new Batcher<int, QueuedJob[]>(counts => grain.TakeEach(counts));
        return _takers.Count < 10_000 ? _takers.GetOrAdd(queue, takers) : takers;
    }

    private async Task<int> CountPerJob(JobId[] ids, Func<IJobGrain, Task<bool>> command)
    {
        var done = await Task.WhenAll(ids.Distinct().Select(id => command(Job(id))));
        return done.Count(d => d);
    }
}
