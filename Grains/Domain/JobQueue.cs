namespace Disque.Domain;

/// <summary>What a <see cref="JobQueue{T}"/> orders its jobs by: priority (ours), then creation time, then id.</summary>
public interface IQueuedJob
{
    JobId Id { get; }

    long CTime { get; }

    /// <summary>Ours, beyond Disque: a job above 0 is served before every job below it; 0 is Disque's job.</summary>
    int Priority => 0;
}

/// <summary>
/// The queued jobs of one queue in creation-time order, as Disque's queue
/// skiplist keeps them (ctime, then id). New jobs arrive in ctime order, so they
/// are appended to a ring buffer; a job queued again (RETRY, NACK) keeps its old
/// ctime and goes to a small sorted set of early jobs instead. The front is the
/// older of the two heads. Removal (ACK, DEQUEUE, TTL) only drops the id from the
/// index; the stale slot is skipped when reached, and swept once stale slots
/// outnumber live ones, so memory follows the live jobs. The same job object may
/// be queued again after it was removed: each queueing has a stamp of its own, so a
/// stale slot of an earlier queueing is never taken for the live one.
/// Ours, beyond Disque: a job with a priority above 0 goes to a sorted set of urgent
/// jobs (priority, highest first, then ctime and id) that is served before the rest; a
/// queue that never saw one pays a count check for it.
/// Invariant: a job id is queued at most once.
/// </summary>
public sealed class JobQueue<T> where T : class, IQueuedJob
{
    private static readonly Comparer<T> Order = Comparer<T>.Create(static (a, b) =>
    {
        var c = a.CTime.CompareTo(b.CTime);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    });

    private static readonly Comparer<T> UrgentOrder = Comparer<T>.Create(static (a, b) =>
    {
        var c = b.Priority.CompareTo(a.Priority);
        return c != 0 ? c : Order.Compare(a, b);
    });

    private enum Place : byte
    {
        InOrder,
        Early,
        Urgent,
    }

    /// <summary>One queueing of a job: in the ring buffer (with its stamp), in the early set or in the urgent set.</summary>
    private readonly record struct Entry(T Job, long Stamp, Place Place);

    private readonly Dictionary<JobId, Entry> _index = [];
    private readonly Deque<Entry> _inOrder = new();
    private readonly SortedSet<T> _early = new(Order);
    private SortedSet<T>? _urgent;
    private long _stamps;

    public int Count => _index.Count;

    public bool Contains(JobId id) => _index.ContainsKey(id);

    /// <summary>The highest priority queued, 0 when no queued job has one.</summary>
    public int TopPriority => _urgent is { Count: > 0 } urgent ? urgent.Min!.Priority : 0;

    /// <summary>Queues a job by its ctime; false when it is queued already.</summary>
    public bool Enqueue(T job)
    {
        if (_index.ContainsKey(job.Id))
            return false;
        var place = job.Priority > 0 ? Place.Urgent : _inOrder.Count > 0 && Order.Compare(_inOrder.Back.Job, job) > 0 ? Place.Early : Place.InOrder;
        var entry = new Entry(job, ++_stamps, place);
        if (place == Place.Urgent)
            (_urgent ??= new(UrgentOrder)).Add(job);
        else if (place == Place.Early)
            _early.Add(job);
        else
            _inOrder.PushBack(entry);
        _index[job.Id] = entry;
        return true;
    }

    /// <summary>Takes the oldest job, or null when the queue is empty.</summary>
    public T? Dequeue()
    {
        if (_urgent is { Count: > 0 })
        {
            var urgent = _urgent.Min!;
            _urgent.Remove(urgent);
            _index.Remove(urgent.Id);
            return urgent;
        }
        while (true)
        {
            DropStaleFront();
            if (_early.Count > 0 && (_inOrder.Count == 0 || Order.Compare(_early.Min!, _inOrder[0].Job) < 0))
            {
                var job = _early.Min!;
                _early.Remove(job);
                _index.Remove(job.Id);
                return job;
            }
            if (_inOrder.Count == 0)
                return null;
            var entry = _inOrder.PopFront();
            if (IsLive(entry))
            {
                _index.Remove(entry.Job.Id);
                return entry.Job;
            }
        }
    }

    /// <summary>Removes a queued job wherever it stands; false when it was not queued.</summary>
    public bool Remove(JobId id)
    {
        if (!_index.Remove(id, out var entry))
            return false;
        if (entry.Place == Place.Urgent)
            _urgent!.Remove(entry.Job);
        else if (entry.Place == Place.Early)
            _early.Remove(entry.Job);
        else
            SweepIfMostlyStale();
        return true;
    }

    /// <summary>The queued jobs in the order they are served (urgent ones first, then oldest first), without taking them.</summary>
    public IEnumerable<T> Oldest()
    {
        var rest = Merge(InOrder(forward: true), _early, Order);
        return _urgent is { Count: > 0 } urgent ? urgent.Concat(rest) : rest;
    }

    /// <summary>The queued jobs in the reverse of <see cref="Oldest"/>, without taking them.</summary>
    public IEnumerable<T> Newest()
    {
        var rest = Merge(InOrder(forward: false), _early.Reverse(), Comparer<T>.Create((a, b) => Order.Compare(b, a)));
        return _urgent is { Count: > 0 } urgent ? rest.Concat(urgent.Reverse()) : rest;
    }

    private IEnumerable<T> InOrder(bool forward)
    {
        for (var i = 0; i < _inOrder.Count; i++)
        {
            var entry = _inOrder[forward ? i : _inOrder.Count - 1 - i];
            if (IsLive(entry))
                yield return entry.Job;
        }
    }

    private static IEnumerable<T> Merge(IEnumerable<T> a, IEnumerable<T> b, IComparer<T> order)
    {
        using var x = a.GetEnumerator();
        using var y = b.GetEnumerator();
        bool hasX = x.MoveNext(), hasY = y.MoveNext();
        while (hasX || hasY)
        {
            if (hasX && (!hasY || order.Compare(x.Current, y.Current) <= 0))
            {
                yield return x.Current;
                hasX = x.MoveNext();
            }
            else
            {
                yield return y.Current;
                hasY = y.MoveNext();
            }
        }
    }

    private bool IsLive(Entry entry) => _index.TryGetValue(entry.Job.Id, out var live) && live.Stamp == entry.Stamp;

    private void DropStaleFront()
    {
        while (_inOrder.Count > 0 && !IsLive(_inOrder[0]))
            _inOrder.PopFront();
    }

    private void SweepIfMostlyStale()
    {
        var live = _index.Count - _early.Count - (_urgent?.Count ?? 0);
        if (_inOrder.Count > 1024 && _inOrder.Count > 2 * live)
            _inOrder.RemoveWhere(entry => !IsLive(entry));
    }
}
