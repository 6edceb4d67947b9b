using Orleans.Concurrency;

namespace Disque.Jobs;

/// <summary>
/// A job addressed by its id, for other Orleans services. It holds no state: the
/// job lives in the stores, and the store that owns it decides. So it runs as a
/// stateless worker, on the silo of whoever calls it, and is cheap to activate for
/// one question. The RESP gateway reaches the stores directly, without it.
/// </summary>
[StatelessWorker]
internal sealed class JobGrain(JobRouter router) : Grain, IJobGrain
{
    private JobId _id;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (JobId.TryParse(this.GetPrimaryKeyString(), out _id) != JobIdForm.Valid)
            _id = default;
        return Task.CompletedTask;
    }

    public Task<JobInfo?> Show() =>
        _id.IsEmpty ? Task.FromResult<JobInfo?>(null) : router.Ask(_id, s => s.Show(_id), info => info is not null, null);

    public async Task<bool> Ack() => !_id.IsEmpty && await router.ByHome([_id], (s, ids) => s.Ack(ids)) > 0;

    public async Task<bool> Delete() => !_id.IsEmpty && await router.ByHome([_id], (s, ids) => s.Delete(ids)) > 0;

    public Task<bool> Nack() => Owned((s, ids) => s.Requeue(ids, nack: true));

    public Task<bool> Enqueue() => Owned((s, ids) => s.Requeue(ids, nack: false));

    public Task<bool> Dequeue() => Owned((s, ids) => s.Dequeue(ids));

    public Task<Outcome<long>> Working() =>
        _id.IsEmpty ? Task.FromResult<Outcome<long>>(DisqueError.NoJob)
            : router.Ask(_id, s => s.Working(_id), w => w.Error != DisqueError.NoJob, DisqueError.NoJob);

    private async Task<bool> Owned(Func<IJobStore, JobId[], Task<Counted>> command) => !_id.IsEmpty && await router.ToOwners([_id], command) > 0;
}
