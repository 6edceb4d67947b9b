using System.Collections.Concurrent;

namespace Disque.Queues;

/// <summary>The queue grains active on this silo: QSCAN and INFO's registered_queues read them.</summary>
public sealed class LocalQueues
{
    private readonly ConcurrentDictionary<string, QueueGrain> _queues = new();

    public int Count => _queues.Values.Count(q => q.Exists);

    /// <summary>Each local queue's name and length, read without a grain call (the lengths may be a moment old).</summary>
    public IEnumerable<(string Name, long Length)> Snapshot() => _queues.Values.Where(q => q.Exists).Select(q => (q.Name, (long)q.Count));

    /// <summary>Consumers blocked on the local queues.</summary>
    public long Blocked => _queues.Values.Sum(q => q.Waiting);

    internal void Add(QueueGrain queue) => _queues[queue.Name] = queue;

    internal void Remove(QueueGrain queue) => _queues.TryRemove(new KeyValuePair<string, QueueGrain>(queue.Name, queue));
}
