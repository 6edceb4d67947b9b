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
    private readonly LocalStores _store;
    private readonly GetJob _getJob;
    private readonly IGrainFactory _grains;
    private readonly JobWaits _waits;

    public DisqueNode(ClusterView cluster, JobRouter router, LocalStores store, LocalQueues queues, QueueRefs queueRefs, NodeState node, DisqueClock clock,
        Orleans.Runtime.IClusterMembershipService membership, IGrainFactory grains, ILogger<DisqueNode> log)
    {
        (_cluster, _router, _store, _queues, _queueRefs, _node, _clock, _membership, _grains, _log) = (cluster, router, store, queues, queueRefs, node, clock, membership, grains, log);
        _getJob = new GetJob(cluster, store, clock, node, log);
        _waits = new JobWaits(cluster, store, clock, log);
    }

    public NodeState State => _node;

    public ClusterView Cluster => _cluster;

    /// <summary>Queues with a part on this silo (INFO's registered_queues).</summary>
    public int LocalQueueCount => _queues.Count;

    /// <summary>Consumers of this silo waiting in a blocking GETJOB (INFO's blocked_clients).</summary>
    public long Blocked => _queues.Blocked;

    /// <summary>ADDJOB: the job's id once its copies exist (or at once with ASYNC), or the error to answer.</summary>
    public ValueTask<Outcome<JobId>> AddJob(JobSpec job) =>
        job.UniqueKey is null && job.After is null ? _store.Add(job) : AddCoordinated(job);

    /// <summary>GETJOB (<see cref="Node.GetJob"/>): the jobs taken; null for Disque's null reply (nothing within the time, or NOHANG).</summary>
    public ValueTask<Outcome<Delivery[]?>> GetJobs(GetJobSpec spec, CancellationToken cancellation = default) => _getJob.Run(spec, cancellation);

    /// <summary>ACKJOB: the number of jobs known and acknowledged.</summary>
    public ValueTask<int> Ack(JobId[] ids) => ids.Length == 0 ? new(0) : _router.ByHome(ids, static (store, batch) => store.Ack(batch));

    /// <summary>FASTACK: best effort, as Disque's; the number of jobs their home (or this silo) knew and deleted.</summary>
    public ValueTask<int> FastAck(JobId[] ids) => ids.Length == 0 ? new(0) : _router.ByHomeOnce(ids, static (store, batch) => store.FastAck(batch));

    /// <summary>DELJOB: the number of jobs known and deleted, with all their copies.</summary>
    public ValueTask<int> Delete(JobId[] ids) => ids.Length == 0 ? new(0) : _router.ByHome(ids, static (store, batch) => store.Delete(batch));

    /// <summary>NACK (nack) or ENQUEUE: the number of jobs queued again.</summary>
    public ValueTask<int> Requeue(JobId[] ids, bool nack) => new(_router.ToOwners(ids, nack ? NackOf : EnqueueOf));

    /// <summary>DEQUEUE: the number of jobs taken out of their queue.</summary>
    public ValueTask<int> Dequeue(JobId[] ids) => new(_router.ToOwners(ids, static (store, batch) => store.Dequeue(batch)));

    private static readonly Func<IJobStore, JobId[], Task<Counted>> NackOf = static (store, batch) => store.Requeue(batch, nack: true);
    private static readonly Func<IJobStore, JobId[], Task<Counted>> EnqueueOf = static (store, batch) => store.Requeue(batch, nack: false);

    public Task<Outcome<long>> Working(JobId id) =>
        id.IsEmpty ? Task.FromResult<Outcome<long>>(DisqueError.NoJob) : _router.Ask(id, s => s.Working(id), w => w.Error != DisqueError.NoJob, DisqueError.NoJob);

    public Task<JobInfo?> Show(JobId id) =>
        id.IsEmpty ? Task.FromResult<JobInfo?>(null) : _router.Ask(id, s => s.Show(id), info => info is not null, null);

    private IQueueState Queue(string name) => _queueRefs[name];
}
