using Orleans.Concurrency;

namespace Disque.Schedules;

/// <summary>
/// SCHEDULE LIST for Orleans callers and the gateway (<see cref="ISchedules"/>): the live
/// schedules among the newest copies every living book (and the archive) holds, so the list
/// outlives the loss of any silo. A stateless worker, run on the caller's silo.
/// </summary>
[StatelessWorker]
internal sealed class SchedulesGrain(ScheduleReplicas replicas) : Grain, ISchedules
{
    public async Task<string[]> List() =>
        [.. (await replicas.ReadAll()).Where(r => r.IsLive).Select(r => r.Name).Order(StringComparer.Ordinal)];
}
