using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// Ours, beyond Disque (issue 21): what this store knows for unique jobs and for waits on jobs.
/// - Unique keys: the copies held here of live jobs with a UNIQUE key, by key, and for a key whose
///   job was acked with UNIQUEFOR the window it stays taken. A key grain asks the stores
///   (<see cref="HeldKey"/>): the key travels in the job's extras with every copy, so the holders
///   that survive a failure still answer for it.
/// - Waits (WAITJOB, <see cref="WatchJobs"/>): a wait on the jobs held here ends on this store's
///   turn, when each ended (<see cref="Ended"/>: an ACK or DELJOB dropping the copy, its TTL, a
///   dead-letter move), when its time runs out (the tick), or when its caller stops it.
/// A plain Disque job costs one null check at each end, and nothing else.
/// </summary>
internal sealed partial class StoreCore
{
    private readonly Dictionary<JobId, List<JobWatch>> _watched = [];
    private readonly Dictionary<Guid, JobWatch> _watches = [];
    private readonly Dictionary<string, JobRecord> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JobId Id, long UntilMs)> _keyWindows = new(StringComparer.Ordinal);

    /// <summary>The live job holding <paramref name="key"/> here (or its ACK's UNIQUEFOR window); the empty id when none.</summary>
    public Task<JobId> HeldKey(string key)
    {
        var now = clock.NowMs;
        if (_byKey.TryGetValue(key, out var record) && IsCurrent(record) && (record.State != JobState.Acked || record.Extras!.UniqueForSeconds > 0))
            return Task.FromResult(record.Id);
        return Task.FromResult(_keyWindows.TryGetValue(key, out var window) && window.UntilMs > now ? window.Id : default);
    }

    /// <summary>
    /// WAITJOB on this store: for each id, how it ended, as far as this store knows; pending ones are
    /// waited for up to <paramref name="waitMs"/>; an id neither held nor remembered here is unknown here.
    /// </summary>
    public async Task<JobEnd[]> WatchJobs(JobId[] ids, long waitMs, Guid id, bool any = false)
    {
        var now = clock.NowMs;
        var ends = new JobEnd[ids.Length];
        var pending = 0;
        for (var i = 0; i < ids.Length; i++)
            pending += (ends[i] = EndHere(ids[i])) == JobEnd.Pending ? 1 : 0;
        if (pending == 0 || any && Array.Exists(ends, e => e.IsFinal()) || waitMs <= 0 || _stopped.Remove(id))
            return ends;
        var watch = new JobWatch(id, ids, ends, now + waitMs, any);
        Pace.Busy();
        _watches[id] = watch;
        foreach (var job in watch.Pending())
            AddTo(_watched, job, watch);
        try
        {
            return await watch.Result;
        }
        finally
        {
            _watches.Remove(id);
            Unwatch(watch);
        }
    }

    private JobEnd EndHere(JobId id)
    {
        if (_jobs.TryGet(id, out var record))
            return record.Extras?.IsDeadLetter == true ? JobEnd.DeadLettered : JobEnd.Pending;
        return _forgotten.EndOf(id) ?? _ended.EndOf(id) ?? (_acked.Contains(id) ? JobEnd.Acked : JobEnd.Unknown);
    }

    private void Unwatch(JobWatch watch)
    {
        foreach (var job in watch.Pending())
            if (_watched.TryGetValue(job, out var list) && list.Remove(watch) && list.Count == 0)
                _watched.Remove(job);
    }

    /// <summary>A WAITJOB's caller stopped it (it left, or it learned the answer elsewhere).</summary>
    private bool StopWatching(Guid id)
    {
        if (!_watches.Remove(id, out var watch))
            return false;
        watch.End();
        return true;
    }

    /// <summary>The job's life ended here (its copy is dropped, or it became a dead letter): the waits on it learn how.</summary>
    private void Ended(JobRecord record, JobEnd end)
    {
        if (end == JobEnd.Acked && record.Extras is { UniqueKey: { } key, UniqueForSeconds: > 0 } extras)
            _keyWindows[key] = (record.Id, clock.NowMs + extras.UniqueForSeconds * 1000);
        TellWatches(record.Id, end);
    }

    /// <summary>The waits on <paramref name="id"/> learn <paramref name="end"/>; each that has nothing left to wait for answers.</summary>
    private void TellWatches(JobId id, JobEnd end)
    {
        if (_watched.Count == 0 || !_watched.Remove(id, out var watches))
            return;
        foreach (var watch in watches)
            if (watch.Ended(id, end))
                watch.End();
    }

    /// <summary>A copy of a keyed job is kept here: the key's index names it.</summary>
    private void IndexKey(JobRecord record)
    {
        if (record.Extras is not { } extras)
            return;
        if (extras.UniqueKey is { } key)
            _byKey[key] = record;
        if (extras.IsWaiting)
            _waitingJobs.Add(record);
    }

    private void UnindexKey(JobRecord record)
    {
        if (record.Extras is not { } extras)
            return;
        if (extras.UniqueKey is { } key && _byKey.TryGetValue(key, out var held) && ReferenceEquals(held, record))
            _byKey.Remove(key);
        _waitingJobs.Remove(record);
    }

    /// <summary>Each tick: waits whose time ran out answer what they know; UNIQUEFOR windows that passed go.</summary>
    private void EndExpiredWatches(long now)
    {
        if (_watches.Count > 0)
            foreach (var watch in _watches.Values.Where(w => w.DeadlineMs <= now).ToList())
                StopWatching(watch.Id);
        if (EveryTicks(TicksPerSecond))
            AwaitDependencies();
        if (_keyWindows.Count > 0 && EveryTicks(TicksPerSecond))
            foreach (var (key, window) in _keyWindows.Where(w => w.Value.UntilMs <= now).ToList())
                _keyWindows.Remove(key);
    }

    /// <summary>The store goes away or is flushed: every wait answers what it knows.</summary>
    private void EndAllWatches()
    {
        foreach (var watch in _watches.Values.ToList())
            StopWatching(watch.Id);
    }
}
