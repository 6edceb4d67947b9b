namespace Disque;

/// <summary>
/// One recurring schedule, by its name: it adds a job at each occurrence of its cron
/// expression, once for the whole cluster. Its definition is kept on every silo (and in
/// Redis in durable mode), so it goes on firing after the silo it ran on is lost.
/// </summary>
public interface ISchedule : IGrainWithStringKey
{
    /// <summary>SCHEDULE SET: creates or replaces the schedule; true when it was new, or the error (bad cron, unknown time zone).</summary>
    Task<Outcome<bool>> Set(ScheduleSpec spec);

    /// <summary>SCHEDULE SHOW: null when there is no such schedule.</summary>
    Task<ScheduleInfo?> Show();

    /// <summary>SCHEDULE PAUSE: false when there is no such schedule.</summary>
    Task<bool> Pause();

    /// <summary>SCHEDULE RESUME: false when there is no such schedule. Occurrences while paused are not added.</summary>
    Task<bool> Resume();

    /// <summary>SCHEDULE DEL: false when there was no such schedule.</summary>
    Task<bool> Delete();

    /// <summary>Activates the schedule where it is not active, so it fires again (what its reminder and the silos' books call).</summary>
    Task Wake();
}

/// <summary>The cluster's schedules (SCHEDULE LIST): read from every living silo, so it outlives any one of them. Any key will do.</summary>
public interface ISchedules : IGrainWithIntegerKey
{
    /// <summary>The names of every schedule, in ordinal order.</summary>
    Task<string[]> List();
}
