using Disque.Wire;

namespace Disque.Schedules;

/// <summary>
/// Where schedules outlive the whole cluster: nowhere in memory mode (the silos' books are
/// their only copies, as jobs live in the silos' memory), a Redis hash in durable mode.
/// </summary>
public interface IScheduleArchive
{
    Task Write(ScheduleRecord record);

    Task<ScheduleRecord?> Read(string name);

    Task<ScheduleRecord[]> ReadAll();
}

/// <summary>Memory mode: no archive.</summary>
public sealed class NoScheduleArchive : IScheduleArchive
{
    public Task Write(ScheduleRecord record) => Task.CompletedTask;

    public Task<ScheduleRecord?> Read(string name) => Task.FromResult<ScheduleRecord?>(null);

    public Task<ScheduleRecord[]> ReadAll() => Task.FromResult<ScheduleRecord[]>([]);
}
