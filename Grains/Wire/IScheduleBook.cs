namespace Disque.Wire;

/// <summary>
/// One silo's copy of every schedule (key: the silo's address, placed on that silo only).
/// A schedule writes each change to the books of every living silo before it acts on it,
/// so any surviving silo can tell where a schedule stood; a book wakes the schedules it
/// knows every few seconds, so a schedule whose silo was lost is activated again.
/// </summary>
public interface IScheduleBook : IGrainWithStringKey
{
    /// <summary>Keeps the record unless a newer version of it is kept already; the version kept after.</summary>
    Task<long> Put(ScheduleRecord record);

    Task<ScheduleRecord?> Get(string name);

    /// <summary>Every record, tombstones included.</summary>
    Task<ScheduleRecord[]> All();
}
