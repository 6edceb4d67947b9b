using Orleans.Runtime;

namespace Disque.Wire;

/// <summary>A silo as HELLO and INFO describe it.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeInfo
{
    /// <summary>40 hex digits; job ids made here carry the first 8.</summary>
    [Id(0)] public required string NodeId { get; init; }
    [Id(1)] public required SiloAddress Silo { get; init; }

    /// <summary>The address clients reach the RESP gateway at, or empty when the silo serves no RESP.</summary>
    [Id(2)] public string Host { get; init; } = "";
    [Id(3)] public int RespPort { get; init; }
    [Id(4)] public bool Leaving { get; init; }
    [Id(5)] public bool OutOfMemory { get; init; }
    [Id(6)] public long Jobs { get; init; }
}
