namespace Disque.Wire;

/// <summary>One page of JSCAN from one store: the jobs of a range of its shards.</summary>
[GenerateSerializer, Immutable]
public sealed record JobScanPage([property: Id(0)] JobInfo[] Jobs, [property: Id(1)] int NextShard);

/// <summary>JSCAN's filters.</summary>
[GenerateSerializer, Immutable]
public sealed record JobScanFilter
{
    [Id(0)] public string? Queue { get; init; }
    [Id(1)] public JobState[] States { get; init; } = [];
    [Id(2)] public bool WithBodies { get; init; }
}
