using Disque.Cluster;
using Disque.Jobs;
using Disque.Queues;
using Disque.Store;
using Microsoft.Extensions.Logging;

namespace Disque.Node;

/// <summary>
/// Disque's commands as this silo carries them out, for the RESP gateway and
/// for Orleans callers alike: it turns each command into calls to this silo's
/// job store (its queues and the jobs it owns), to the store that owns a job,
/// or to a queue grain, and keeps no job state of its own.
/// </summary>
public sealed partial class DisqueNode
{
    private readonly ClusterView _cluster;
    private readonly JobRouter _router;
    private readonly LocalQueues _queues;
    private readonly QueueRefs _queueRefs;
    private readonly NodeState _node;
    private readonly DisqueClock _clock;
    private readonly ILogger<DisqueNode> _log;
    private readonly Orleans.Runtime.IClusterMembershipService _membership;
    private readonly StoreScheduler _store;

    public DisqueNode(ClusterView cluster, JobRouter router, StoreScheduler store, LocalQueues queues, QueueRefs queueRefs, NodeState node, DisqueClock clock,
        Orleans.Runtime.IClusterMembershipService membership, ILogger<DisqueNode> log) =>
        (_cluster, _router, _store, _queues, _queueRefs, _node, _clock, _membership, _log) = (cluster, router, store, queues, queueRefs, node, clock, membership, log);

    public NodeState State => _node;

    public ClusterView Cluster => _cluster;

    /// <summary>Queues with a part on this silo (INFO's registered_queues).</summary>
    public int LocalQueueCount => _queues.Count;

    /// <summary>Consumers of this silo waiting in a blocking GETJOB (INFO's blocked_clients).</summary>
    public long Blocked => _queues.Blocked;

    /// <summary>ADDJOB: the job's id once its copies exist (or at once with ASYNC), or the error to answer.</summary>
    public ValueTask<Outcome<JobId>> AddJob(JobSpec job) => _store.Run(static (store, j) => store.AddOne(j), job);

    /// <summary>ACKJOB: the number of jobs known and acknowledged.</summary>
    public Task<int> Ack(JobId[] ids) => ids.Length == 0 ? Task.FromResult(0) : _router.ByHome(ids, (store, batch) => store.Ack(batch));

    /// <summary>FASTACK: best effort, as Disque's; the number of jobs their home (or this silo) knew and deleted.</summary>
    public Task<int> FastAck(JobId[] ids) => ids.Length == 0 ? Task.FromResult(0) : _router.ByHomeOnce(ids, (store, batch) => store.FastAck(batch));

    /// <summary>DELJOB: the number of jobs known and deleted, with all their copies.</summary>
    public Task<int> Delete(JobId[] ids) => ids.Length == 0 ? Task.FromResult(0) : _router.ByHome(ids, (store, batch) => store.Delete(batch));

    /// <summary>NACK (nack) or ENQUEUE: the number of jobs queued again.</summary>
    public Task<int> Requeue(JobId[] ids, bool nack) => _router.ToOwners(ids, (store, batch) => store.Requeue(batch, nack));

    /// <summary>DEQUEUE: the number of jobs taken out of their queue.</summary>
    public Task<int> Dequeue(JobId[] ids) => _router.ToOwners(ids, (store, batch) => store.Dequeue(batch));

    public Task<Outcome<long>> Working(JobId id) =>
        id.IsEmpty ? Task.FromResult<Outcome<long>>(DisqueError.NoJob) : _router.Ask(id, s => s.Working(id), w => w.Error != DisqueError.NoJob, DisqueError.NoJob);

    public Task<JobInfo?> Show(JobId id) =>
        id.IsEmpty ? Task.FromResult<JobInfo?>(null) : _router.Ask(id, s => s.Show(id), info => info is not null, null);

    private IQueueState Queue(string name) => _queueRefs[name];
}
