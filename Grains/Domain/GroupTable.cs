namespace Disque.Domain;

/// <summary>One group of a queue as QSTAT shows it: its queued jobs, its active ones (delivered, not yet done) and its limit.</summary>
public readonly record struct GroupCount(string Name, int Waiting, int Active, int Limit);

/// <summary>
/// Ours, beyond Disque: the groups of one queue's part on a silo (ADDJOB's GROUP and
/// GROUPLIMIT). Per group, a FIFO of its queued jobs (a <see cref="JobQueue{T}"/>: creation
/// order, a job queued again keeps its place by ctime) and the set of its active jobs;
/// a ring holds exactly the groups that have a queued job and room under their limit.
/// Guarantees:
/// - at most <c>limit</c> jobs of a group are active at once: a job becomes active when
///   <see cref="Dequeue"/> hands it out (or <see cref="Hold"/> counts it, after a takeover)
///   and stops being active on <see cref="End"/>, on being queued again, or on <see cref="Prune"/>;
/// - a group's jobs are handed out oldest first;
/// - groups take turns (round robin): each <see cref="Dequeue"/> serves the group at the
///   front of the ring and puts it at the back if it can still be served, so a group with
///   many jobs holds up a group with one for at most one turn of the ring.
/// A group with nothing queued and nothing active is forgotten. Every operation is O(1)
/// apart from the group's <see cref="JobQueue{T}"/> (O(log n) for a job queued out of order).
/// </summary>
public sealed class GroupTable<T> where T : class, IQueuedJob
{
    private sealed class Group(string name)
    {
        public readonly string Name = name;
        public readonly JobQueue<T> Queued = new();
        public readonly Dictionary<JobId, T> Active = [];
        public int Limit = 1;

        /// <summary>The ctime of the job whose GROUPLIMIT set <see cref="Limit"/>: the newest job says.</summary>
        public long LimitFrom = long.MinValue;

        public LinkedListNode<Group>? InRing;

        public bool Ready => Queued.Count > 0 && Active.Count < Limit;
    }

    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<JobId, Group> _activeIn = [];
    private readonly LinkedList<Group> _ring = new();

    /// <summary>Queued jobs in all groups (served now or waiting for room).</summary>
    public int Queued { get; private set; }

    /// <summary>Active jobs in all groups.</summary>
    public int Active => _activeIn.Count;

    public int Groups => _groups.Count;

    /// <summary>A group has a job to hand out now.</summary>
    public bool HasReady => _ring.Count > 0;

    public bool IsActive(JobId id) => _activeIn.ContainsKey(id);

    /// <summary>
    /// Queues a job in its group (whose limit the newest job sets); a job active in its group
    /// stops being active first (RETRY, NACK, a give-back). False when it is queued already.
    /// </summary>
    public bool Enqueue(T job, string group, int limit)
    {
        var g = GetOrAdd(group, job, limit);
        if (_activeIn.Remove(job.Id, out var was))
            was.Active.Remove(job.Id);
        var queued = g.Queued.Enqueue(job);
        if (queued)
            Queued++;
        if (was is not null && was != g)
            Update(was);
        Update(g);
        return queued;
    }

    /// <summary>The next group's oldest job, now active in its group; null when no group may be served.</summary>
    public T? Dequeue()
    {
        if (_ring.First is not { } first)
            return null;
        var g = first.Value;
        _ring.Remove(first);
        var job = g.Queued.Dequeue()!;
        Queued--;
        g.Active[job.Id] = job;
        _activeIn[job.Id] = g;
        Update(g);
        return job;
    }

    /// <summary>Takes a queued job out of its group (ACK, DEQUEUE, TTL...); false when it was not queued there.</summary>
    public bool Remove(JobId id, string group)
    {
        if (!_groups.TryGetValue(group, out var g) || !g.Queued.Remove(id))
            return false;
        Queued--;
        Update(g);
        return true;
    }

    /// <summary>An active job is done with (acked, nacked, timed out, dead-lettered, gone): true when its group may now be served.</summary>
    public bool End(JobId id)
    {
        if (!_activeIn.Remove(id, out var g))
            return false;
        g.Active.Remove(id);
        return Update(g);
    }

    /// <summary>Counts a job as active in its group without handing it out: a job taken over that a consumer may hold.</summary>
    public void Hold(T job, string group, int limit)
    {
        var g = GetOrAdd(group, job, limit);
        g.Queued.Remove(job.Id);
        g.Active[job.Id] = job;
        _activeIn[job.Id] = g;
        Update(g);
    }

    /// <summary>Ends every active job that <paramref name="stillActive"/> says is not (a safety net for an ending nobody told); true when a group may now be served.</summary>
    public bool Prune(Func<T, bool> stillActive)
    {
        List<JobId>? over = null;
        foreach (var (id, g) in _activeIn)
            if (!stillActive(g.Active[id]))
                (over ??= []).Add(id);
        var ready = false;
        foreach (var id in over ?? [])
            ready |= End(id);
        return ready;
    }

    /// <summary>Every group with its counts, for QSTAT and the dashboard.</summary>
    public IEnumerable<GroupCount> Counts() => _groups.Values.Select(g => new GroupCount(g.Name, g.Queued.Count, g.Active.Count, g.Limit));

    /// <summary>The queued jobs of every group, each group's oldest first.</summary>
    public IEnumerable<T> Oldest() => _groups.Values.SelectMany(g => g.Queued.Oldest());

    public IEnumerable<T> Newest() => _groups.Values.SelectMany(g => g.Queued.Newest());

    private Group GetOrAdd(string name, T job, int limit)
    {
        if (!_groups.TryGetValue(name, out var g))
            _groups[name] = g = new Group(name);
        if (job.CTime >= g.LimitFrom)
            (g.Limit, g.LimitFrom) = (Math.Max(1, limit), job.CTime);
        return g;
    }

    /// <summary>Keeps the ring exactly the groups that may be served, and forgets an empty group; true when the group is in the ring.</summary>
    private bool Update(Group g)
    {
        if (g.Ready)
        {
            if (g.InRing is null)
                g.InRing = _ring.AddLast(g);
            else if (g.InRing.List is null)
                _ring.AddLast(g.InRing);
            return true;
        }
        if (g.InRing?.List is not null)
            _ring.Remove(g.InRing);
        if (g.Queued.Count == 0 && g.Active.Count == 0)
            _groups.Remove(g.Name);
        return false;
    }
}
