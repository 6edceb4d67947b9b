using Disque.Node;

namespace Disque.Store;

/// <summary>
/// Ours, beyond Disque (issue 21): a job added with AFTER waits, active and queued nowhere, until
/// every job it names ended. Its owner waits for them as WAITJOB does (<see cref="JobWaits"/>, the
/// same calls to every store); each time some end, the job's extras keep only those left, and its
/// copies learn it before anything else happens, so a silo that takes the job over after a failure
/// waits for the rest only. All acked (or, with ONFAIL QUEUE, all ended): it waits no more, its
/// copies learn it, and it is queued once, as a NACK's move is. One failed (dead-lettered, expired,
/// deleted, or unknown to every living silo) with ONFAIL CANCEL: the job is deleted everywhere.
/// The owner starts the wait when it accepts the job, and whoever owns a waiting job checks each
/// second that its wait runs (after a takeover, a recovery, a hand-over).
/// </summary>
internal sealed partial class StoreCore
{
    /// <summary>The copies held here of jobs that wait (AFTER).</summary>
    private readonly HashSet<JobRecord> _waitingJobs = [];

    /// <summary>The waiting jobs whose wait runs here now.</summary>
    private readonly HashSet<JobId> _awaiting = [];

    private JobWaits? _jobWaits;

    /// <summary>This silo's stores as a waiting job's owner reaches them: this one on its own turn when it is the only one.</summary>
    private JobWaits Waits => _jobWaits ??= new JobWaits(cluster, shard.Siblings ?? new OnThisTurn(this), clock, log);

    /// <summary>This store as <see cref="JobWaits"/> reaches it from its own turn: called directly.</summary>
    private sealed class OnThisTurn(StoreCore core) : ILocalStore
    {
        public ValueTask<T> Run<TArg, T>(Func<IJobStore, TArg, Task<T>> work, TArg arg) => new(work(core, arg));
    }

    /// <summary>Every waiting job this store owns has its wait running (each second, and when it accepts one).</summary>
    private void AwaitDependencies()
    {
        if (_waitingJobs.Count == 0)
            return;
        foreach (var record in _waitingJobs.ToList())
            if (record.Owned && IsOwner(record) && record.State == JobState.Active && _awaiting.Add(record.Id))
                _ = Quietly(AwaitDependencies(record), $"waiting for the jobs {record.Id} comes after");
    }

    private async Task AwaitDependencies(JobRecord record)
    {
        try
        {
            while (IsCurrent(record) && record.Owned && record.Extras is { After: { } after } extras)
            {
                var ends = await Waits.Run(after, (long)JobWaits.Slice.TotalMilliseconds, any: true);
                if (!IsCurrent(record) || !record.Owned || !ReferenceEquals(record.Extras?.After, after))
                    return;
                var failed = Array.FindIndex(ends, e => e is not (JobEnd.Pending or JobEnd.Acked));
                if (failed >= 0 && extras.OnFail == OnFail.Cancel)
                {
                    log.LogInformation("Job {Job} is cancelled: {Parent}, which it comes after, ended {End}", record.Id, after[failed], ends[failed].Name());
                    await Remove([record.Id], relayed: false, acked: false);
                    return;
                }
                var left = after.Where((_, i) => ends[i] == JobEnd.Pending).ToArray();
                if (left.Length == after.Length)
                    continue;
                if (!JobLifecycle.DependenciesLeft(record, left, clock.NowMs))
                    return;
                if (left.Length == 0)
                {
                    _waitingJobs.Remove(record);
                    Reschedule(record);
                    await QueueWhenCopiesKnow(record, pendingAt: 0); // 0: it waited for nobody's timer (a DELAY left: the timer queues it)
                    return;
                }
                await CopiesKnow(record);
            }
        }
        finally
        {
            _awaiting.Remove(record.Id);
        }
    }
}
