namespace Disque.Domain;

/// <summary>Something the wheel can hold: it carries its own links, so scheduling allocates nothing.</summary>
public abstract class Scheduled
{
    internal Scheduled? WheelPrev;
    internal Scheduled? WheelNext;
    internal long WheelSlot = -1;

    public bool IsScheduled => WheelSlot >= 0;
}

/// <summary>
/// One timer for many deadlines (Disque's DELAY, RETRY and TTL): items wait in
/// buckets of <see cref="ResolutionMs"/>, each bucket a linked list through the
/// items themselves. Scheduling and cancelling are O(1) plus one ordered-set
/// update when a bucket appears or empties, and a cancelled item leaves nothing
/// behind, so memory follows the live items only.
/// </summary>
public sealed class DeadlineWheel<T>(long resolutionMs = 100) where T : Scheduled
{
    private readonly Dictionary<long, T> _buckets = [];
    private readonly SortedSet<long> _slots = [];

    public long ResolutionMs => resolutionMs;

    public int Count { get; private set; }

    /// <summary>The earliest time anything is due, or null when nothing is scheduled.</summary>
    public long? NextDueMs => _slots.Count == 0 ? null : _slots.Min * resolutionMs;

    public void Schedule(T item, long dueMs)
    {
        // Round up, so an item never comes out before its time.
        var slot = (Math.Max(0, dueMs) + resolutionMs - 1) / resolutionMs;
        if (item.WheelSlot == slot)
            return;
        Cancel(item);
        if (_buckets.TryGetValue(slot, out var head))
        {
            item.WheelNext = head;
            head.WheelPrev = item;
        }
        else
        {
            _slots.Add(slot);
        }
        _buckets[slot] = item;
        item.WheelSlot = slot;
        Count++;
    }

    /// <summary>When a scheduled item comes out: its time rounded up to the wheel's resolution.</summary>
    public long DueOf(T item) => item.WheelSlot * resolutionMs;

    public void Cancel(T item)
    {
        if (item.WheelSlot < 0)
            return;
        if (item.WheelPrev is not null)
            item.WheelPrev.WheelNext = item.WheelNext;
        else if (item.WheelNext is T next)
            _buckets[item.WheelSlot] = next;
        else
        {
            _buckets.Remove(item.WheelSlot);
            _slots.Remove(item.WheelSlot);
        }
        if (item.WheelNext is not null)
            item.WheelNext.WheelPrev = item.WheelPrev;
        item.WheelPrev = item.WheelNext = null;
        item.WheelSlot = -1;
        Count--;
    }

    /// <summary>Unschedules every item whose bucket has come and adds it to <paramref name="due"/>.</summary>
    public void TakeDue(long nowMs, List<T> due)
    {
        var nowSlot = nowMs / resolutionMs;
        while (_slots.Count > 0 && _slots.Min <= nowSlot)
        {
            var slot = _slots.Min;
            _slots.Remove(slot);
            _buckets.Remove(slot, out var item);
            for (Scheduled? s = item; s is not null;)
            {
                var next = s.WheelNext;
                s.WheelPrev = s.WheelNext = null;
                s.WheelSlot = -1;
                Count--;
                due.Add((T)s);
                s = next;
            }
        }
    }
}
