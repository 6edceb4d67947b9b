namespace Disque.Wire;

/// <summary>
/// A schedule as it is kept on every silo's book (and in Redis in durable mode): its
/// definition and how far it has fired. <see cref="Version"/> grows with every change the
/// schedule makes, so the newest copy wins wherever copies meet; a deleted schedule stays
/// as a tombstone for a while, so an older copy does not bring it back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleRecord
{
    [Id(0)] public required ScheduleSpec Spec { get; init; }

    [Id(1)] public long Version { get; init; }

    [Id(2)] public bool Paused { get; init; }

    [Id(3)] public bool Deleted { get; init; }

    /// <summary>Every occurrence up to this time has been fired, skipped or caught up: none before it is looked at again.</summary>
    [Id(4)] public DateTimeOffset AccountedTo { get; init; }

    [Id(5)] public DateTimeOffset? LastOccurrence { get; init; }

    [Id(6)] public DateTimeOffset? LastFiredAt { get; init; }

    [Id(7)] public JobId? LastJobId { get; init; }

    [Id(8)] public string? LastError { get; init; }

    /// <summary>When the change this version records was made (a tombstone's age).</summary>
    [Id(9)] public DateTimeOffset ChangedAt { get; init; }

    public string Name => Spec.Name;

    public bool IsLive => !Deleted;

    /// <summary>The next version of this record, made at <paramref name="now"/>.</summary>
    public ScheduleRecord Next(DateTimeOffset now) => this with { Version = Version + 1, ChangedAt = now };

    /// <summary>The newer of two copies (by version); either may be null.</summary>
    public static ScheduleRecord? Newer(ScheduleRecord? a, ScheduleRecord? b) =>
        a is null ? b : b is null ? a : b.Version > a.Version ? b : a;
}
