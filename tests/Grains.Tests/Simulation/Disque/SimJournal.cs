using Disque.Journal;
using Disque.Wire;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// Durable mode's journal (Redis) in the simulation: outside every silo, so it survives their
/// crashes. An operation takes effect when it is sent, in the order sent (one connection,
/// pipelined), and its caller hears back a moment later; a silo that crashes in between
/// never hears, but what it sent is done. The recovery lock expires as Redis's does, and is
/// taken over from a holder declared dead, as the Redis journal's is.
/// With SIM_TRACE set, every write and delete is a trace line (the job ids, and the holders written).
/// </summary>
internal sealed class SimJournal(SimLoop loop, SiloNames names) : IJobJournal
{
    private readonly bool _traced = Environment.GetEnvironmentVariable("SIM_TRACE") is { Length: > 0 };

    private readonly Dictionary<JobId, JobCopy> _jobs = [];
    private (object Token, string Owner, TimeSpan Until)? _lock;

    public bool IsDurable => true;

    public IReadOnlyDictionary<JobId, JobCopy> Jobs => _jobs;

    /// <summary>Ids recovery read again, when (it may take them): a delivery after it may follow an earlier one within RETRY.</summary>
    public Dictionary<JobId, TimeSpan> ReadForRecovery { get; } = [];

    public Task Write(IReadOnlyCollection<JobCopy> jobs)
    {
        if (_traced && jobs.Count > 0)
            loop.Trace($"journal writes [{string.Join(" ", jobs.Select(j => $"{j.Id} nodes:{string.Join(",", j.Nodes.Select(names.Address))}"))}]");
        foreach (var job in jobs)
            _jobs[job.Id] = job;
        return Answer();
    }

    public Task Update(IReadOnlyCollection<JobCopy> jobs)
    {
        if (_traced && jobs.Count > 0)
            loop.Trace($"journal updates [{string.Join(" ", jobs.Select(j => $"{j.Id}{(_jobs.ContainsKey(j.Id) ? "" : " (gone)")} nodes:{string.Join(",", j.Nodes.Select(names.Address))}"))}]");
        foreach (var job in jobs)
            if (_jobs.ContainsKey(job.Id))
                _jobs[job.Id] = job;
        return Answer();
    }

    public Task Delete(IReadOnlyCollection<JobId> ids)
    {
        if (_traced && ids.Count > 0)
            loop.Trace($"journal deletes [{string.Join(" ", ids)}]");
        foreach (var id in ids)
            _jobs.Remove(id);
        return Answer();
    }

    public async Task<JobCopy?[]> Read(IReadOnlyList<JobId> ids)
    {
        JobCopy?[] found = [.. ids.Select(id => _jobs.GetValueOrDefault(id))];
        foreach (var copy in found)
            if (copy is not null)
                ReadForRecovery[copy.Id] = loop.Now;
        await Answer();
        return found;
    }

    public async IAsyncEnumerable<JobCopy> ReadAll([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var all = _jobs.Values.ToList();
        await Answer();
        foreach (var copy in all)
            yield return copy;
    }

    public async Task<IRecoveryLock?> TryLockRecovery(TimeSpan hold, string owner, Func<string, bool> gone)
    {
        var token = new object();
        var free = _lock is not { } held || held.Until <= loop.Now || gone(held.Owner);
        if (free)
            _lock = (token, owner, loop.Now + hold);
        await Answer();
        return free ? new Release(this, token) : null;
    }

    public Task Ping() => Answer();

    private bool Extend(object token, TimeSpan hold)
    {
        if (_lock is not { } held || held.Token != token || held.Until <= loop.Now)
            return false;
        _lock = (token, held.Owner, loop.Now + hold);
        return true;
    }

    private Task Answer() => Task.Delay(TimeSpan.FromMilliseconds(1 + loop.Random.Next(3)), loop);

    private sealed class Release(SimJournal journal, object token) : IRecoveryLock
    {
        /// <summary>As Redis extends it: only while the lock still holds this token and has not lapsed.</summary>
        public async Task<bool> Renew(TimeSpan hold)
        {
            var held = journal.Extend(token, hold);
            await journal.Answer();
            return held;
        }

        public ValueTask DisposeAsync()
        {
            if (journal._lock is { } held && held.Token == token)
                journal._lock = null;
            return ValueTask.CompletedTask;
        }
    }
}
