using Disque.Cluster;
using Disque.Wire;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Disque.Schedules;

/// <summary>
/// The copies of the schedules: one in every living silo's book, and in durable mode one in
/// the archive. A change is kept before the schedule acts on it: in the book of every living
/// silo, at least one of them on another silo than the schedule's own when there is one, then
/// in the archive (durable mode); so the loss of the schedule's silo loses no change it acted
/// on. A book holding a newer version refuses the write (the writer read an old copy). Reading
/// takes the newest version among the copies that answer.
/// </summary>
public sealed class ScheduleReplicas(ClusterView cluster, IGrainFactory grains, IScheduleArchive archive, ILogger<ScheduleReplicas> log)
{
    /// <summary>How long a book is waited for before it counts as not answering.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public IScheduleBook Book(SiloAddress silo) => grains.GetGrain<IScheduleBook>(silo.ToParsableString());

    /// <summary>Keeps <paramref name="record"/> everywhere it must be; throws when it could not be kept safely.</summary>
    public async Task Write(ScheduleRecord record)
    {
        var silos = cluster.Alive;
        var versions = await Task.WhenAll(silos.Select(s => Put(s, record)));
        if (versions.Max() > record.Version)
            throw new StaleScheduleException(record.Name, record.Version, versions.Max());
        var kept = versions.Select(v => v == record.Version).ToArray();
        var elsewhere = silos.Where((s, i) => kept[i] && !s.Equals(cluster.Self)).Any();
        var self = silos.Select((s, i) => (s, i)).Any(p => kept[p.i] && p.s.Equals(cluster.Self));
        if (!self && !elsewhere)
            throw new InvalidOperationException($"Schedule {record.Name}: no book kept version {record.Version}");
        if (!elsewhere && silos.Count > 1)
            throw new InvalidOperationException($"Schedule {record.Name}: no other silo's book kept version {record.Version}");
        await archive.Write(record);
    }

    /// <summary>The newest copy of one schedule (a tombstone included); null when no copy answers.</summary>
    public async Task<ScheduleRecord?> Read(string name)
    {
        var copies = await Task.WhenAll(cluster.Alive.Select(s => Get(s, name)));
        return copies.Aggregate(await archive.Read(name), ScheduleRecord.Newer);
    }

    /// <summary>The newest copy of every schedule known to any living book or the archive, tombstones included.</summary>
    public async Task<ScheduleRecord[]> ReadAll()
    {
        var books = await Task.WhenAll(cluster.Alive.Select(All));
        return Merge(books.Append(await archive.ReadAll()));
    }

    /// <summary>The newest of each name among these copies.</summary>
    public static ScheduleRecord[] Merge(IEnumerable<IEnumerable<ScheduleRecord>> copies)
    {
        var newest = new Dictionary<string, ScheduleRecord>(StringComparer.Ordinal);
        foreach (var record in copies.SelectMany(c => c))
            newest[record.Name] = ScheduleRecord.Newer(newest.GetValueOrDefault(record.Name), record)!;
        return [.. newest.Values];
    }

    /// <summary>The version the book keeps after the put; -1 when it did not answer.</summary>
    private Task<long> Put(SiloAddress silo, ScheduleRecord record) => Ask(silo, b => b.Put(record), -1L);

    private Task<ScheduleRecord?> Get(SiloAddress silo, string name) => Ask(silo, b => b.Get(name), null);

    private Task<ScheduleRecord[]> All(SiloAddress silo) => Ask(silo, b => b.All(), []);

    /// <summary>One book's answer, or <paramref name="otherwise"/> when it gives none in time (its silo may be gone).</summary>
    private async Task<T> Ask<T>(SiloAddress silo, Func<IScheduleBook, Task<T>> ask, T otherwise)
    {
        try
        {
            return await ask(Book(silo)).WaitAsync(Patience);
        }
        catch (Exception error)
        {
            // A silo that cannot be reached is expected in a failover; an error its book raised is not.
            log.Log(ClusterView.Severity(error), error, "Schedules: the book of {Silo} did not answer; going on without it", silo);
            return otherwise;
        }
    }
}

/// <summary>A book holds a newer version of the schedule than the one written: the writer read an old copy and must read again.</summary>
public sealed class StaleScheduleException(string name, long written, long kept)
    : Exception($"Schedule {name}: version {written} written where version {kept} is kept");
