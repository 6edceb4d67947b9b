namespace Disque.Client;

/// <summary>
/// SCHEDULE SET's options: the time zone the cron expression is read in, what to do with
/// occurrences missed while the cluster was down, NOOVERLAP, WITHTIME, and the options of
/// the ADDJOB each occurrence makes (its <see cref="AddJobOptions.Timeout"/> is the server's: 10 s).
/// </summary>
public sealed record ScheduleOptions
{
    public static readonly ScheduleOptions Default = new();

    /// <summary>TZ: an IANA time zone id; null: UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>MISSED catchup: one job for all the occurrences missed while the cluster was down; false (skip): none.</summary>
    public bool CatchUpMissed { get; init; }

    /// <summary>NOOVERLAP: add nothing while the previous occurrence's job is not acknowledged.</summary>
    public bool NoOverlap { get; init; }

    /// <summary>WITHTIME: each job's body starts with its occurrence (ISO 8601, UTC) and a space.</summary>
    public bool WithTime { get; init; }

    /// <summary>ADDJOB's options for each job; null: Disque's defaults.</summary>
    public AddJobOptions? Job { get; init; }
}
