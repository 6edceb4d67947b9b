namespace Disque.Store;

/// <summary>
/// How the jobs that ended here last ended (ours: WAITJOB asks after the fact), for jobs no other
/// silo held, whose late copies there is nothing to refuse (<see cref="Tombstones"/> keeps those).
/// Bounded: the oldest of <see cref="Capacity"/> is forgotten first, so a store ending 100k jobs a
/// second holds a few MB for it rather than every job of the last two minutes; a job forgotten
/// here is "unknown" to WAITJOB, as it is once its tombstone expires.
/// </summary>
internal sealed class RecentEnds
{
    public const int Capacity = 1 << 16;

    private readonly Dictionary<JobId, JobEnd> _ends = new(Capacity);
    private readonly JobId[] _order = new JobId[Capacity];
    private int _next;

    public int Count => _ends.Count;

    public void Add(JobId id, JobEnd end)
    {
        if (!_ends.TryAdd(id, end))
            return;
        if (_ends.Count > Capacity)
            _ends.Remove(_order[_next]);
        _order[_next] = id;
        _next = (_next + 1) % Capacity;
    }

    public JobEnd? EndOf(JobId id) => _ends.TryGetValue(id, out var end) ? end : null;
}
