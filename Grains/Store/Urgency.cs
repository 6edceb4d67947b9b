using System.Collections.Concurrent;

namespace Disque.Store;

/// <summary>
/// Ours, beyond Disque (PRIORITY) with K stores (issue 20): the highest priority queued in each
/// store's part of each queue, so that a GETJOB over the stores takes the silo's most urgent job
/// first, as one store does. Invariants: store k writes only its own slot, on its own turn; any
/// thread reads. A read may be a turn late, which makes the order best effort, as PRIORITY is.
/// Only queues that ever queued a job with a priority have an entry: a plain queue costs nothing.
/// </summary>
internal sealed class Urgency(int stores)
{
    /// <summary>Store <paramref name="store"/>'s own slot.</summary>
    public UrgencySlot For(int store) => new(this, store);

    private readonly ConcurrentDictionary<string, int[]> _top = new(StringComparer.Ordinal);

    /// <summary>Store <paramref name="store"/>'s part of <paramref name="queue"/> holds <paramref name="top"/> as its highest priority now (0: none).</summary>
    public void Publish(string queue, int store, int top)
    {
        if (top == 0 && !_top.ContainsKey(queue))
            return;
        Volatile.Write(ref _top.GetOrAdd(queue, _ => new int[stores])[store], top);
    }

    /// <summary>The store holding the most urgent job of <paramref name="queues"/>, or -1 when none holds a job with a priority.</summary>
    public int MostUrgent(string[] queues)
    {
        if (_top.IsEmpty)
            return -1;
        var (best, top) = (-1, 0);
        foreach (var queue in queues)
        {
            if (!_top.TryGetValue(queue, out var slots))
                continue;
            for (var k = 0; k < slots.Length; k++)
                if (Volatile.Read(ref slots[k]) is var priority && priority > top)
                    (best, top) = (k, priority);
        }
        return best;
    }
}

/// <summary>One store's slot in its silo's <see cref="Urgency"/>; the default (one store) publishes nothing.</summary>
internal readonly record struct UrgencySlot(Urgency? Board, int Store)
{
    public void Publish(string queue, int top) => Board?.Publish(queue, Store, top);
}
