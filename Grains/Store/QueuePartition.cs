using Disque.Domain;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// One queue's part on this silo, Disque's per-node queue: the queued jobs this silo
/// owns in creation order, the consumers of this silo blocked on it, the silos whose
/// consumers wait for its jobs, its PAUSE state as the queue grain last told it (a
/// queue never paused is none), and its counters. Invariants: a job is queued here only while this silo owns it and
/// its state is <see cref="JobState.Queued"/>; a job leaves the queue for one consumer
/// per queueing.
/// Ours, beyond Disque: a job with a group (<see cref="JobExtras.ServedInGroup"/>) is queued in
/// <see cref="Groups"/> instead (its order, its limit, groups served in turn, see
/// <see cref="GroupTable{T}"/>); a queue that never saw one has none, and its jobs pay a null
/// check. With both, plain jobs and grouped ones take turns.
/// </summary>
internal sealed class QueuePartition(string name, long nowMs, BoardSlot board = default)
{
    /// <summary>This part's slots on the silo's <see cref="QueueBoard"/> (K &gt; 1), written on every change of what it queues.</summary>
    private readonly QueueBoard.Entry? _entry = board.Board?.Join(name);

    /// <summary>How long a silo's need for jobs lasts unless renewed (its consumers wait meanwhile).</summary>
    public const long NeedLastsMs = 5_000;

    private readonly List<(SiloAddress Silo, int Waiting, long UntilMs)> _needers = [];
    private int _nextNeeder;

    public string Name => name;

    public JobQueue<JobRecord> Jobs { get; } = new();

    /// <summary>The groups of this queue here; null until a job with a group is queued.</summary>
    public GroupTable<JobRecord>? Groups { get; private set; }

    private bool _plainsTurn;

    /// <summary>Queued jobs, plain and grouped (QLEN's part here).</summary>
    public int Length => Groups is null ? Jobs.Count : Jobs.Count + Groups.Queued;

    /// <summary>
    /// The silo's part of the queue, MAXLEN's measure: this part, and with K stores the other stores'
    /// parts as the board last had them (read without a turn of theirs: best effort by the ADDJOBs
    /// racing on the other stores, as a Disque node's own queue fills from other nodes meanwhile).
    /// </summary>
    public long SiloLength
    {
        get
        {
            long length = Length;
            if (_entry is { } entry)
                for (var k = 0; k < entry.Queued.Length; k++)
                    if (k != board.Store)
                        length += Volatile.Read(ref entry.Queued[k]);
            return length;
        }
    }

    /// <summary>A job may be handed out now (a grouped one only while its group has room).</summary>
    public bool HasReady => Jobs.Count > 0 || Groups is { HasReady: true };

    /// <summary>Queues a job, in its group if it has one; false when it is queued already.</summary>
    public bool Enqueue(JobRecord record) => Posted(record, record.Extras?.ServedInGroup is { } group
        ? (Groups ??= new()).Enqueue(record, group, record.Extras.GroupLimit)
        : Jobs.Enqueue(record));

    /// <summary>The next job to hand out, or null: plain jobs and groups take turns.</summary>
    public JobRecord? Next()
    {
        var record = Groups is not { HasReady: true } groups || Jobs.Count > 0 && (_plainsTurn = !_plainsTurn) ? Jobs.Dequeue() : groups.Dequeue();
        return record is not null && Posted(record, true) ? record : null;
    }

    /// <summary>The next job with a priority of <paramref name="atLeast"/> or more (at least 1), or null.</summary>
    public JobRecord? NextUrgent(int atLeast) =>
        Jobs.TopPriority >= Math.Max(1, atLeast) && Jobs.Dequeue() is { } record && Posted(record, true) ? record : null;

    /// <summary>Takes a queued job out (ACK, DEQUEUE, TTL, WORKING, hand-off); false when it was not queued here.</summary>
    public bool Remove(JobRecord record) => Posted(record, record.Extras?.ServedInGroup is { } group
        ? Groups?.Remove(record.Id, group) == true
        : Jobs.Remove(record.Id));

    /// <summary>What this part queues changed: the silo's board learns its length, and its highest priority when a job with one came or went.</summary>
    private bool Posted(JobRecord record, bool changed)
    {
        if (changed && _entry is { } entry)
        {
            Volatile.Write(ref entry.Queued[board.Store], Length);
            if (record.Priority > 0)
                Volatile.Write(ref entry.Top[board.Store], Jobs.TopPriority);
        }
        return changed;
    }

    /// <summary>This part is dropped: its slots on the board go with it.</summary>
    public void LeaveBoard()
    {
        if (_entry is not null)
            board.Board!.Leave(name, _entry, board.Store);
    }

    /// <summary>A grouped job taken over counts as active in its group (see <see cref="GroupTable{T}.Hold"/>).</summary>
    public void HoldActive(JobRecord record, string group, int limit) => (Groups ??= new()).Hold(record, group, limit);

    /// <summary>A grouped job is no longer active here: true when its group may be served now.</summary>
    public bool EndActive(JobRecord record) => Groups?.End(record.Id) == true;

    /// <summary>The queued jobs in the order they are served, plain ones first (QPEEK's part here; the queue grain orders the parts).</summary>
    public IEnumerable<JobRecord> Oldest() => Groups is null ? Jobs.Oldest() : Jobs.Oldest().Concat(Groups.Oldest());

    public IEnumerable<JobRecord> Newest() => Groups is null ? Jobs.Newest() : Groups.Newest().Concat(Jobs.Newest());

    /// <summary>Consumers of this silo blocked on this queue, oldest first.</summary>
    public LinkedList<Waiter> Waiters { get; } = new();

    public long CreatedMs { get; } = nowMs;

    public long TouchedMs { get; private set; } = nowMs;

    /// <summary>Jobs queued and jobs handed out here since this store started (QSTAT's jobs-in and jobs-out).</summary>
    public long JobsIn { get; private set; }

    public long JobsOut { get; private set; }

    /// <summary>Counters changed since they were last sent to the queue grain.</summary>
    public bool CountersChanged { get; set; }

    public PauseState Pause { get; private set; }

    /// <summary>The queue grain's version of <see cref="Pause"/>; 0: never paused as far as this silo heard.</summary>
    public long PauseVersion { get; private set; }

    public bool PausedIn => (Pause & PauseState.In) != 0;

    public bool PausedOut => (Pause & PauseState.Out) != 0;

    /// <summary>When this silo last told the others its consumers wait here (0: not told, or no longer waiting).</summary>
    public long NeedToldMs { get; set; }

    /// <summary>Takes the queue grain's PAUSE state unless a newer one is known already.</summary>
    public void SetPause(PauseState state, long version)
    {
        if (version > PauseVersion)
            (Pause, PauseVersion) = (state, version);
    }

    public void Touch(long nowMs) => TouchedMs = nowMs;

    public void CountIn(int jobs)
    {
        JobsIn += jobs;
        CountersChanged = true;
    }

    public void CountOut(int jobs)
    {
        JobsOut += jobs;
        CountersChanged = true;
    }

    public int OpenWaiters
    {
        get
        {
            var open = 0;
            foreach (var waiter in Waiters)
                open += waiter.IsOpen ? 1 : 0;
            return open;
        }
    }

    /// <summary>The first consumer still waiting, or null.</summary>
    public Waiter? FirstWaiter()
    {
        while (Waiters.First is { } first)
        {
            if (first.Value.IsOpen)
                return first.Value;
            Waiters.RemoveFirst();
        }
        return null;
    }

    /// <summary>
    /// Another silo has <paramref name="waiting"/> consumers blocked on this queue (0: none any
    /// more); the need lapses at <paramref name="untilMs"/> unless that silo renews it.
    /// </summary>
    public void SetNeed(SiloAddress silo, int waiting, long untilMs)
    {
        var index = _needers.FindIndex(n => n.Silo.Equals(silo));
        if (waiting <= 0)
        {
            if (index >= 0)
                _needers.RemoveAt(index);
        }
        else if (index >= 0)
            _needers[index] = (silo, waiting, untilMs);
        else
            _needers.Add((silo, waiting, untilMs));
    }

    /// <summary>A silo whose consumers wait for jobs here now, each in turn, and how many wait there; null when none does.</summary>
    public (SiloAddress Silo, int Waiting)? Needer(long nowMs)
    {
        if (_needers.Count == 0)
            return null;
        _needers.RemoveAll(n => n.UntilMs <= nowMs);
        if (_needers.Count == 0)
            return null;
        _nextNeeder = (_nextNeeder + 1) % _needers.Count;
        var (silo, waiting, _) = _needers[_nextNeeder];
        return (silo, waiting);
    }

    /// <summary><paramref name="jobs"/> jobs were sent to a silo's consumers: that many fewer wait there.</summary>
    public void Offered(SiloAddress silo, int jobs)
    {
        var index = _needers.FindIndex(n => n.Silo.Equals(silo));
        if (index >= 0)
            SetNeed(silo, _needers[index].Waiting - jobs, _needers[index].UntilMs);
    }

    /// <summary>Disque's queue GC: empty, unpaused, nobody waiting, idle that long, and no job of ours is left in it.</summary>
    public bool MayBeEvicted(long nowMs, long idleMs, bool holdsJobs) =>
        Length == 0 && Pause == PauseState.None && FirstWaiter() is null && !holdsJobs && nowMs - TouchedMs >= idleMs;
}
