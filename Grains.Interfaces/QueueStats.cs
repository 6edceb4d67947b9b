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
}
