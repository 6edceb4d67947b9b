using Disque.Store;

namespace Disque.Queues;

/// <summary>
/// This silo's queues as metrics and INFO read them, from any thread and without a
/// grain call: what the job store last published (at most a tick, 100 ms, old).
/// </summary>
public sealed class LocalQueues
{
    private QueueTable? _table;

    public int Count => _table?.PublishedCount ?? 0;

    /// <summary>Each local queue's name, length and blocked consumers.</summary>
    public QueueSummary[] Snapshot() => _table?.Published ?? [];

    /// <summary>Consumers blocked on this silo's queues.</summary>
    public long Blocked => Snapshot().Sum(q => (long)q.Blocked);

    internal void Attach(QueueTable table) => _table = table;
}
