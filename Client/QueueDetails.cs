namespace Disque.Client;

/// <summary>What QSTAT tells of a queue, with Disque's names and units.</summary>
public sealed record QueueDetails
{
    public required string Name { get; init; }
    public long Length { get; init; }
    public long AgeSeconds { get; init; }
    public long IdleSeconds { get; init; }

    /// <summary>Consumers blocked in GETJOB on the queue.</summary>
    public long Blocked { get; init; }
    public IReadOnlyList<string> ImportFrom { get; init; } = [];
    public long ImportRate { get; init; }
    public long JobsIn { get; init; }
    public long JobsOut { get; init; }

    /// <summary><c>none</c>, <c>in</c>, <c>out</c> or <c>all</c>.</summary>
    public string Pause { get; init; } = "none";
}
