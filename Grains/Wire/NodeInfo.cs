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

    /// <summary>The managed heap, in bytes (INFO's used_memory).</summary>
    [Id(7)] public long UsedMemory { get; init; }

    /// <summary>The process' resident memory, in bytes (INFO's used_memory_rss).</summary>
    [Id(8)] public long UsedMemoryRss { get; init; }

    /// <summary>The silo's memory limit in bytes; 0: none.</summary>
    [Id(9)] public long MaxMemory { get; init; }

    /// <summary>The silo's job counters since it started.</summary>
    [Id(10)] public JobCounters Counters { get; init; }
}

/// <summary>A silo's job counters since it started, as INFO's stats section names them.</summary>
[GenerateSerializer, Immutable]
public readonly record struct JobCounters(
    [property: Id(0)] long Added,
    [property: Id(1)] long Delivered,
    [property: Id(2)] long Acked,
    [property: Id(3)] long Requeued,
    [property: Id(4)] long Expired);
