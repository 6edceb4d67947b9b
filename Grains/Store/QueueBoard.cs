using System.Collections.Concurrent;

namespace Disque.Store;

/// <summary>
/// What each of a silo's K stores holds of each queue, for the set's GETJOB (issue 20): how many
/// jobs each store's part queues, and the highest priority among them (ours, PRIORITY). A GETJOB
/// visits only the stores whose part holds jobs, the store with the most urgent job first, as one
/// store serves its own part. Invariants: store k writes only its own slots, on its own turn; any
/// thread reads. A read may be a turn late: a store seen empty that just queued a job is passed by
/// this once (a blocked GETJOB waits on every store whatever the board says, so no consumer waits
/// while a job is queued), which keeps the order best effort, as Disque's is. A queue's entry lives
/// while a store has a part of it (<see cref="Join"/>, <see cref="Leave"/>), so the board holds no
/// more queues than the stores do.
/// </summary>
internal sealed class QueueBoard(int stores)
{
    /// <summary>One queue's slots, one a store.</summary>
    internal sealed class Entry(int stores)
    {
        public readonly int[] Queued = new int[stores];
        public readonly int[] Top = new int[stores];

        /// <summary>The stores with a part of this queue; under the board's gate.</summary>
        public int Parts;
    }

    private readonly ConcurrentDictionary<string, Entry> _queues = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>A store made its part of <paramref name="queue"/>: the entry it writes to while it has it.</summary>
    public Entry Join(string queue)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var entry))
                _queues[queue] = entry = new Entry(stores);
            entry.Parts++;
            return entry;
        }
    }

    /// <summary>Store <paramref name="store"/> dropped its part of <paramref name="queue"/> (empty, evicted).</summary>
    public void Leave(string queue, Entry entry, int store)
    {
        Volatile.Write(ref entry.Queued[store], 0);
        Volatile.Write(ref entry.Top[store], 0);
        lock (_gate)
            if (--entry.Parts == 0)
                _queues.TryRemove(new KeyValuePair<string, Entry>(queue, entry));
    }

    /// <summary>Store <paramref name="store"/>'s part of one of <paramref name="queues"/> queues a job, as last written.</summary>
    public bool MayHold(int store, string[] queues)
    {
        foreach (var queue in queues)
            if (_queues.TryGetValue(queue, out var entry) && Volatile.Read(ref entry.Queued[store]) > 0)
                return true;
        return false;
    }

    /// <summary>
    /// The store holding the most urgent job of <paramref name="queues"/> (-1 when none holds a job with a
    /// priority), and the highest priority any other store holds (0: none).
    /// </summary>
    public (int Store, int Next) MostUrgent(string[] queues)
    {
        Span<int> tops = stackalloc int[stores];
        foreach (var queue in queues)
            if (_queues.TryGetValue(queue, out var entry))
                for (var k = 0; k < stores; k++)
                    tops[k] = Math.Max(tops[k], Volatile.Read(ref entry.Top[k]));
        var (best, next) = (-1, 0);
        for (var k = 0; k < stores; k++)
        {
            if (best < 0 ? tops[k] > 0 : tops[k] > tops[best])
                (best, next) = (k, best < 0 ? next : Math.Max(next, tops[best]));
            else
                next = Math.Max(next, tops[k]);
        }
        return (best, next);
    }
}

/// <summary>One store's place on its silo's <see cref="QueueBoard"/>; the default (one store) has none and writes nothing.</summary>
internal readonly record struct BoardSlot(QueueBoard? Board, int Store);
