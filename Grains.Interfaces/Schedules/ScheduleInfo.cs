namespace Disque;

/// <summary>What SCHEDULE SHOW tells about a schedule.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleInfo
{
    [Id(0)] public required ScheduleSpec Spec { get; init; }

    [Id(1)] public bool Paused { get; init; }

    /// <summary>The next occurrences (at most three), none while paused.</summary>
    [Id(2)] public DateTimeOffset[] Next { get; init; } = [];

    /// <summary>The occurrence the last job was added for.</summary>
    [Id(3)] public DateTimeOffset? LastOccurrence { get; init; }

    /// <summary>When that job was added.</summary>
    [Id(4)] public DateTimeOffset? LastFiredAt { get; init; }

    /// <summary>The job added for <see cref="LastOccurrence"/>.</summary>
    [Id(5)] public JobId? LastJobId { get; init; }

    /// <summary>Why the last firing added no job (ADDJOB's error, or NOOVERLAP's wait); null when it did.</summary>
    [Id(6)] public string? LastError { get; init; }

    /// <summary>The node id of the silo the schedule runs on now (it moves when that silo is lost).</summary>
    [Id(7)] public string? Node { get; init; }
}
