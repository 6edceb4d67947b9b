using Disque.Store;

namespace Disque.Queues;

/// <summary>
/// This silo's queues as metrics and INFO read them, from any thread and without a
/// grain call: what the job stores last published (at most a tick, 100 ms, old). With
/// several stores a queue's parts are added up, and its blocked consumers are the most
/// any store counts (a blocked GETJOB waits on every store at once).
/// </summary>
public sealed class LocalQueues
{
    private volatile QueueTable?[] _tables = [];

    public int Count => _tables is [var only] ? only?.PublishedCount ?? 0 : Snapshot().Length;

    /// <summary>Each local queue's name, length and blocked consumers.</summary>
    public QueueSummary[] Snapshot()
    {
        var tables = _tables;
        if (tables.Length <= 1)
            return tables is [{ } only] ? only.Published : [];
        return [.. tables.Where(t => t is not null).SelectMany(t => t!.Published).GroupBy(q => q.Name)
            .Select(g => new QueueSummary(g.Key, g.Sum(q => q.Length), g.Max(q => q.Blocked)))];
    }

    /// <summary>Consumers blocked on this silo's queues.</summary>
    public long Blocked => Snapshot().Sum(q => (long)q.Blocked);

    /// <summary>Store <paramref name="store"/>'s table, from its turn as it activates.</summary>
    internal void Attach(QueueTable table, int store = 0)
    {
        lock (this)
        {
            var tables = _tables;
            if (store >= tables.Length)
                Array.Resize(ref tables, store + 1);
            else
                tables = (QueueTable?[])tables.Clone();
            tables[store] = table;
            _tables = tables;
        }
    }
}
