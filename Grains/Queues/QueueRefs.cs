using System.Collections.Concurrent;

namespace Disque.Queues;

/// <summary>Grain references to queues, made once per name: a reference costs a key string and a lookup to build.</summary>
public sealed class QueueRefs(IGrainFactory grains) : IQueueGrains
{
    public IPausedQueues Paused { get; } = grains.GetGrain<IPausedQueues>(PausedQueues.Key);

    private const int MaxCached = 100_000;
    private readonly ConcurrentDictionary<string, IQueueState> _refs = new(StringComparer.Ordinal);

    public IQueueState this[string name]
    {
        get
        {
            if (_refs.TryGetValue(name, out var queue))
                return queue;
            queue = grains.GetGrain<IQueueState>(Domain.QueueKey.Of(name));
            if (_refs.Count < MaxCached)
                _refs.TryAdd(name, queue);
            return queue;
        }
    }
}
