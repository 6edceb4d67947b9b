using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// Ids whose late copies are refused. Disque's dummy acks: ids acknowledged while no
/// copy was known here, each forgotten when the job's TTL, read from its id, would have
/// ended. And copies dropped here on their owner's word (an ACK, a DELJOB, a withdrawn
/// ADDJOB): a copy of the job still on its way (a message can be late, never older than
/// a call's timeout) must not bring it back, so each is kept for a while given.
/// </summary>
internal sealed class Tombstones
{
    private sealed class Entry(JobId id, JobEnd end) : Scheduled
    {
        public JobId Id { get; } = id;

        public JobEnd End { get; } = end;
    }

    private readonly Dictionary<JobId, Entry> _entries = [];
    private readonly DeadlineWheel<Entry> _wheel = new(1000);
    private readonly List<Entry> _due = [];

    public int Count => _entries.Count;

    public bool Contains(JobId id) => _entries.ContainsKey(id);

    /// <summary>How the job ended, as the first word about it said (WAITJOB reads it); null when not here.</summary>
    public JobEnd? EndOf(JobId id) => _entries.TryGetValue(id, out var entry) ? entry.End : null;

    /// <summary>Until the job's TTL, or for <paramref name="forMs"/> when given; <paramref name="end"/> says how it ended, when known.</summary>
    public void Add(JobId id, long nowMs, long? forMs = null, JobEnd end = JobEnd.Unknown)
    {
        if (_entries.ContainsKey(id))
            return;
        var entry = new Entry(id, end);
        _entries[id] = entry;
        _wheel.Schedule(entry, nowMs + (forMs ?? Math.Max(1, id.TtlMinutes) * 60_000L));
    }

    public void Clear()
    {
        foreach (var entry in _entries.Values)
            _wheel.Cancel(entry);
        _entries.Clear();
    }

    public void Expire(long nowMs)
    {
        _wheel.TakeDue(nowMs, _due);
        foreach (var entry in _due)
            _entries.Remove(entry.Id);
        _due.Clear();
    }
}
