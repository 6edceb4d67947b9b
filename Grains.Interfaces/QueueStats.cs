namespace Disque;

/// <summary>What QSTAT tells about a queue.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueStats
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public long Length { get; init; }
    [Id(2)] public long AgeSeconds { get; init; }
    [Id(3)] public long IdleSeconds { get; init; }
    [Id(4)] public long Blocked { get; init; }
    [Id(5)] public string[] ImportFrom { get; init; } = [];
    [Id(6)] public long ImportRate { get; init; }
    [Id(7)] public long JobsIn { get; init; }
    [Id(8)] public long JobsOut { get; init; }
    [Id(9)] public PauseState Pause { get; init; }

    /// <summary>Ours: the queue's groups (ADDJOB's GROUP), by name; empty when it has none, and QSTAT then shows Disque's fields only.</summary>
    [Id(10)] public QueueGroup[] Groups { get; init; } = [];
}

/// <summary>Ours: one group of a queue, cluster-wide: its jobs waiting (queued) and active (delivered, not yet acked, nacked or timed out), and its limit.</summary>
[GenerateSerializer, Immutable]
public readonly record struct QueueGroup(
    [property: Id(0)] string Name,
    [property: Id(1)] long Waiting,
    [property: Id(2)] long Active,
    [property: Id(3)] int Limit);
