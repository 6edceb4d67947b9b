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
    private sealed class Entry(JobId id) : Scheduled
    {
        public JobId Id { get; } = id;
    }

    private readonly Dictionary<JobId, Entry> _entries = [];
    private readonly DeadlineWheel<Entry> _wheel = new(1000);
    private readonly List<Entry> _due = [];

    public int Count => _entries.Count;

    public bool Contains(JobId id) => _entries.ContainsKey(id);

    /// <summary>Until the job's TTL, or for <paramref name="forMs"/> when given.</summary>
    public void Add(JobId id, long nowMs, long? forMs = null)
    {
        if (_entries.ContainsKey(id))
            return;
        var entry = new Entry(id);
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
