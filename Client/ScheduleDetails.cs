namespace Disque.Client;

/// <summary>What SCHEDULE SHOW tells of a schedule, with its names; times in UTC.</summary>
public sealed record ScheduleDetails
{
    public required string Name { get; init; }
    public required string Cron { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public required string Queue { get; init; }
    public byte[] Body { get; init; } = [];

    /// <summary><c>skip</c> or <c>catchup</c>.</summary>
    public string Missed { get; init; } = "skip";
    public bool NoOverlap { get; init; }
    public bool WithTime { get; init; }
    public bool Paused { get; init; }
    public int Replicate { get; init; }
    public long TtlSeconds { get; init; }
    public long DelaySeconds { get; init; }
    public long RetrySeconds { get; init; }
    public long MaxLen { get; init; }
    public bool Async { get; init; }

    /// <summary>The next occurrences (at most three); none while paused.</summary>
    public IReadOnlyList<DateTimeOffset> Next { get; init; } = [];

    /// <summary>The occurrence the last job was added for, when it was added, and its id.</summary>
    public DateTimeOffset? LastOccurrence { get; init; }
    public DateTimeOffset? LastFired { get; init; }
    public string? LastJobId { get; init; }

    /// <summary>Why the last firing added no job; null when it did.</summary>
    public string? LastError { get; init; }

    /// <summary>The node id of the silo the schedule runs on now.</summary>
    public string? Node { get; init; }
}
