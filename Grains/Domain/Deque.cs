namespace Disque.Domain;

/// <summary>A growable ring buffer: append at the back, take from the front, read anywhere.</summary>
public sealed class Deque<T>
{
    private T[] _items = new T[16];
    private int _head;

    public int Count { get; private set; }

    public T this[int index] => _items[(_head + index) & (_items.Length - 1)];

    public void PushBack(T item)
    {
        if (Count == _items.Length)
            Grow();
        _items[(_head + Count) & (_items.Length - 1)] = item;
        Count++;
    }

    public T PopFront()
    {
        if (Count == 0)
            throw new InvalidOperationException("The deque is empty.");
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return item;
    }

    public T Back => Count == 0 ? throw new InvalidOperationException("The deque is empty.") : this[Count - 1];

    /// <summary>Keeps the items that match, in order, and lets a big idle buffer shrink.</summary>
    public void RemoveWhere(Func<T, bool> drop)
    {
        var kept = new List<T>(Count);
        for (var i = 0; i < Count; i++)
            if (!drop(this[i]))
                kept.Add(this[i]);
        _items = new T[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)kept.Count))];
        kept.CopyTo(_items);
        _head = 0;
        Count = kept.Count;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (var i = 0; i < Count; i++)
            bigger[i] = this[i];
        _items = bigger;
        _head = 0;
    }
}
