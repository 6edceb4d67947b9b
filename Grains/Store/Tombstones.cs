using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// Disque's dummy acks: ids acknowledged while no copy was known here. A copy
/// of such a job that arrives late is dropped instead of kept, so the job is
/// never delivered again. Each is forgotten when the job's TTL, read from its
/// id, would have ended.
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

    public void Add(JobId id, long nowMs)
    {
        if (_entries.ContainsKey(id))
            return;
        var entry = new Entry(id);
        _entries[id] = entry;
        _wheel.Schedule(entry, nowMs + Math.Max(1, id.TtlMinutes) * 60_000L);
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
