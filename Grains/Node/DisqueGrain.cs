using Orleans.Concurrency;

namespace Disque.Node;

/// <summary>
/// The Orleans face of <see cref="DisqueNode"/>: the same commands, for callers that speak grains rather than RESP.
/// Reentrant: it keeps no state, and a GetJobs blocked waiting for a job must not hold up the calls behind it
/// (a stateless worker has at most one activation per core, each taking one call at a time otherwise).
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class DisqueGrain(DisqueNode node) : Grain, IDisque
{
    public Task<Outcome<JobId>> AddJob(JobSpec job) => node.AddJob(job).AsTask();

    public Task<Outcome<Delivery[]?>> GetJobs(GetJobSpec spec)
    {
        var bounded = spec.NoHang || (spec.TimeoutMs > 0 && spec.TimeoutMs <= IDisque.MaxBlockMs) ? spec : spec with { TimeoutMs = IDisque.MaxBlockMs };
        return node.GetJobs(bounded).AsTask();
    }

    public Task<int> Ack(JobId[] ids) => node.Ack(ids).AsTask();

    public Task<int> FastAck(JobId[] ids) => node.FastAck(ids).AsTask();

    public Task<int> Nack(JobId[] ids) => node.Requeue(ids, nack: true).AsTask();

    public Task<Outcome<long>> Working(JobId id) => node.Working(id);

    public Task<JobInfo?> Show(JobId id) => node.Show(id);

    public Task<int> Verdict(JobId[] ids, JobVerdict verdict) => node.Verdict(ids, verdict).AsTask();

    public Task<int> Revive(JobId[] ids) => node.Revive(ids).AsTask();

    public Task<int> ReviveQueue(string deadLetterQueue) => node.ReviveQueue(deadLetterQueue);

    public Task<JobEnd[]> WaitJobs(JobId[] ids, long timeoutMs) =>
        node.WaitJobs(ids, timeoutMs is > 0 and <= IDisque.MaxBlockMs ? timeoutMs : timeoutMs < 0 ? -1 : IDisque.MaxBlockMs);

    public Task<long> QueueLength(string queue) => node.QueueLength(queue);

    public Task<QueueStats?> QueueStats(string queue) => node.QueueStats(queue);

    public Task<Delivery[]> Peek(string queue, long count) => node.Peek(queue, count);
}
