namespace Disque.Store;

/// <summary>
/// The queues of one silo by name, Disque's per-node queue table. A queue comes into
/// existence here when it is first used (a job queued, a consumer blocked, its PAUSE
/// told) and is evicted by Disque's rule (<see cref="QueuePartition.MayBeEvicted"/>).
/// Read by other threads (metrics, INFO) only through <see cref="Published"/> and <see cref="PublishedCount"/>.
/// </summary>
internal sealed class QueueTable(BoardSlot board = default)
{
    private readonly Dictionary<string, QueuePartition> _queues = new(StringComparer.Ordinal);
    private volatile QueueSummary[] _published = [];
    private volatile int _count;

    public int Count => _queues.Count;

    public IEnumerable<QueuePartition> All => _queues.Values;

    public QueuePartition? Find(string name) => _queues.GetValueOrDefault(name);

    /// <summary>The queue's part here, made when first used; <paramref name="created"/> tells whether it is new (its PAUSE state then unknown).</summary>
    public QueuePartition GetOrCreate(string name, long nowMs, out bool created)
    {
        created = !_queues.TryGetValue(name, out var queue);
        if (created)
        {
            _queues[name] = queue = new QueuePartition(name, nowMs, board);
            _count = _queues.Count;
        }
        return queue!;
    }

    public void Remove(QueuePartition queue)
    {
        queue.LeaveBoard();
        _queues.Remove(queue.Name);
        _count = _queues.Count;
    }

    /// <summary>How many queues there are now: safe to read from any thread.</summary>
    public int PublishedCount => _count;

    /// <summary>Each queue's name, length and blocked consumers as of the last <see cref="Publish"/>: safe to read from any thread.</summary>
    public QueueSummary[] Published => _published;

    public void Publish()
    {
        var summary = new QueueSummary[_queues.Count];
        var i = 0;
        foreach (var queue in _queues.Values)
            summary[i++] = new QueueSummary(queue.Name, queue.Length, queue.OpenWaiters);
        _published = summary;
    }
}

/// <summary>A queue of this silo as metrics and INFO see it, a moment old.</summary>
public readonly record struct QueueSummary(string Name, long Length, int Blocked);
