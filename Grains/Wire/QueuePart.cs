namespace Disque.Wire;

/// <summary>One silo's part of a queue, for QLEN and QSTAT to add up.</summary>
[GenerateSerializer, Immutable]
public sealed record QueuePart
{
    /// <summary>The silo's store, as the queue grain files its counters.</summary>
    [Id(0)] public required string Store { get; init; }
    [Id(1)] public long Length { get; init; }
    [Id(2)] public long Blocked { get; init; }
    [Id(3)] public long JobsIn { get; init; }
    [Id(4)] public long JobsOut { get; init; }
    [Id(5)] public long CreatedMs { get; init; }
    [Id(6)] public long TouchedMs { get; init; }
    [Id(7)] public string[] ImportFrom { get; init; } = [];

    /// <summary>Ours: the queue's groups here; null when it has none.</summary>
    [Id(8)] public QueueGroup[]? Groups { get; init; }

    /// <summary>A silo with several stores (issue 20): each store's counters under its own key; null for one store.</summary>
    [Id(9)] public QueueShare[]? Shares { get; init; }
}

/// <summary>One store's QSTAT counters, filed by the queue grain under the store's key.</summary>
[GenerateSerializer, Immutable]
public readonly record struct QueueShare([property: Id(0)] string Store, [property: Id(1)] long JobsIn, [property: Id(2)] long JobsOut);

/// <summary>A count, and the ids the store asked did not know (to be asked elsewhere).</summary>
[GenerateSerializer, Immutable]
public readonly record struct Counted([property: Id(0)] int Count, [property: Id(1)] JobId[] Unknown);
