namespace Disque.Journal;

/// <summary>
/// Durable mode (Disque's AOF): every accepted job is written here before ADDJOB
/// answers and removed once it is acknowledged, deleted or expired, so a cluster
/// that restarts whole loses no accepted un-acked job. Only the job itself is
/// kept, not its delivery state: a recovered job is queued again (at least once).
/// </summary>
public interface IJobJournal
{
    /// <summary>False for the in-memory default, which writes nothing.</summary>
    bool IsDurable { get; }

    /// <summary>Journals the jobs (ADDJOB, before it accepts them): an entry each, new or rewritten.</summary>
    Task Write(IReadOnlyCollection<JobCopy> jobs);

    /// <summary>
    /// Rewrites the entries of these jobs that are still journaled (their new holders after a
    /// hand-over): a job whose entry is gone (acknowledged, deleted, expired) stays gone, however
    /// late the rewrite comes. A delete is final; only ADDJOB's <see cref="Write"/> makes an entry.
    /// </summary>
    Task Update(IReadOnlyCollection<JobCopy> jobs);

    Task Delete(IReadOnlyCollection<JobId> ids);

    /// <summary>The journaled jobs with these ids, as they are now: null where an id is not journaled.</summary>
    Task<JobCopy?[]> Read(IReadOnlyList<JobId> ids);

    /// <summary>Every job written and not deleted.</summary>
    IAsyncEnumerable<JobCopy> ReadAll(CancellationToken cancellation = default);

    /// <summary>
    /// A cluster-wide lock for recovery, so one silo at a time adopts orphaned jobs; null when another
    /// holds it. It is a lease of <paramref name="hold"/>, which its holder renews while it works
    /// (<see cref="IRecoveryLock.Renew"/>). The lock names <paramref name="owner"/>; a lock whose owner
    /// <paramref name="gone"/> says is gone (declared dead while it recovered) is taken over rather than waited out.
    /// </summary>
    Task<IRecoveryLock?> TryLockRecovery(TimeSpan hold, string owner, Func<string, bool> gone);

    /// <summary>Answers once the journal's store answers (the readiness check's question); fails when it cannot be reached.</summary>
    Task Ping();
}

/// <summary>The recovery lock while held: disposing it releases it (only if it is still this holder's).</summary>
public interface IRecoveryLock : IAsyncDisposable
{
    /// <summary>Holds the lock for another <paramref name="hold"/> from now; false when it was lost (it lapsed, and perhaps another took it).</summary>
    Task<bool> Renew(TimeSpan hold);
}

/// <summary>The default: jobs live in memory only (their copies on several silos are what keeps them).</summary>
public sealed class NoJournal : IJobJournal
{
    public bool IsDurable => false;

    public Task Write(IReadOnlyCollection<JobCopy> jobs) => Task.CompletedTask;

    public Task Update(IReadOnlyCollection<JobCopy> jobs) => Task.CompletedTask;

    public Task Delete(IReadOnlyCollection<JobId> ids) => Task.CompletedTask;

    public Task<JobCopy?[]> Read(IReadOnlyList<JobId> ids) => Task.FromResult(new JobCopy?[ids.Count]);

    public async IAsyncEnumerable<JobCopy> ReadAll([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<IRecoveryLock?> TryLockRecovery(TimeSpan hold, string owner, Func<string, bool> gone) => Task.FromResult<IRecoveryLock?>(null);

    public Task Ping() => Task.CompletedTask;
}
