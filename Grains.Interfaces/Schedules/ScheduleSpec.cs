namespace Disque;

/// <summary>What a schedule does with occurrences the cluster reached too late (it was down, or the schedule's silo was lost).</summary>
[GenerateSerializer]
public enum MissedPolicy : byte
{
    /// <summary>Add nothing for them.</summary>
    Skip,

    /// <summary>Add one job for all of them, once.</summary>
    CatchUp,
}

/// <summary>
/// A recurring schedule as SCHEDULE SET gives it: a name, a cron expression (5 fields, or 6 with
/// seconds first) read in a time zone, and the job to add at each occurrence, as ADDJOB would
/// (<see cref="Template"/> holds its queue, body and options).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleSpec
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public required string Cron { get; init; }

    /// <summary>An IANA (or Windows) time zone id; the cron expression is read in it, DST included.</summary>
    [Id(2)] public string TimeZone { get; init; } = "UTC";

    /// <summary>The job each occurrence adds: ADDJOB's queue, body and options.</summary>
    [Id(3)] public required JobSpec Template { get; init; }

    [Id(4)] public MissedPolicy Missed { get; init; }

    /// <summary>Add nothing while the job of the previous firing is not acknowledged yet.</summary>
    [Id(5)] public bool NoOverlap { get; init; }

    /// <summary>Each job's body starts with its occurrence (ISO 8601, UTC) and a space.</summary>
    [Id(6)] public bool WithTime { get; init; }
}
