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

    /// <summary>Disque.Orleans' groups of the queue (ADDJOB's GROUP); empty when it has none.</summary>
    public IReadOnlyList<QueueGroupDetails> Groups { get; init; } = [];
}

/// <summary>One group of a queue: its jobs waiting, its jobs active (delivered, not yet acked, nacked or timed out) and its limit.</summary>
public sealed record QueueGroupDetails(string Name, long Waiting, long Active, int Limit);
