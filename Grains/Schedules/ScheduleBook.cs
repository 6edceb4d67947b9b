using Disque.Cluster;
using Disque.Wire;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Disque.Schedules;

/// <summary>
/// This silo's copy of every schedule (<see cref="IScheduleBook"/>). It keeps the newest
/// version of each record it is given; when it starts it gathers the others' copies (and
/// the archive's, in durable mode), so a silo that joins learns the schedules made before
/// it. Every few seconds it wakes each live, unpaused schedule it knows: a schedule whose
/// silo died (and with it the in-memory reminder table, should that silo have held it) is
/// activated again elsewhere within that time, and fires the occurrences it owes.
/// Tombstones are forgotten after an hour.
/// </summary>
[SiloBoundPlacement, Reentrant, KeepAlive]
internal sealed class ScheduleBook(ScheduleReplicas replicas, DisqueClock clock, ILogger<ScheduleBook> log) : Grain, IScheduleBook
{
    /// <summary>How often a book wakes the schedules it knows.</summary>
    public static readonly TimeSpan WakeEvery = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan KeepTombstones = TimeSpan.FromHours(1);

    private readonly Dictionary<string, ScheduleRecord> _records = new(StringComparer.Ordinal);
    private bool _gathered;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Not gathered here: two books starting at once would each wait for the other's activation.
        this.RegisterGrainTimer(static (book, _) => book.Tick(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = WakeEvery,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    public Task<long> Put(ScheduleRecord record)
    {
        Keep(record);
        return Task.FromResult(_records[record.Name].Version);
    }

    public Task<ScheduleRecord?> Get(string name) => Task.FromResult(_records.GetValueOrDefault(name));

    public Task<ScheduleRecord[]> All() => Task.FromResult(_records.Values.ToArray());

    private void Keep(ScheduleRecord record) =>
        _records[record.Name] = ScheduleRecord.Newer(_records.GetValueOrDefault(record.Name), record)!;

    private async Task Tick()
    {
        if (!_gathered)
        {
            foreach (var record in await replicas.ReadAll())
                Keep(record);
            _gathered = true;
        }
        var forgetBefore = clock.Time.GetUtcNow() - KeepTombstones;
        foreach (var (name, record) in _records.Where(r => r.Value.Deleted && r.Value.ChangedAt < forgetBefore).ToArray())
            _records.Remove(name);
        await Task.WhenAll(_records.Values.Where(r => r.IsLive && !r.Paused).Select(r => Wake(r.Name)));
    }

    private async Task Wake(string name)
    {
        try
        {
            await GrainFactory.GetGrain<ISchedule>(name).Wake();
        }
        catch (Exception error)
        {
            // Woken again at the next round (every few seconds).
            log.Log(ClusterView.Severity(error), error, "Schedule {Name} did not wake", name);
        }
    }
}
