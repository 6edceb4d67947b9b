using System.Globalization;

namespace Disque.Dashboard.Reading;

/// <summary>
/// A silo as <c>INFO nodes</c> describes it: one line <c>nodeN:key=value,...</c>.
/// <see cref="State"/> is up, leaving, unreachable (a member that did not answer) or dead.
/// </summary>
internal sealed record NodeRow
{
    public required string Id { get; init; }

    /// <summary>The silo's own address (Orleans' silo endpoint).</summary>
    public required string Address { get; init; }

    /// <summary>Where it serves RESP; empty for a silo that is no gateway.</summary>
    public string Resp { get; init; } = "";

    public required string State { get; init; }
    public bool Myself { get; init; }
    public long Jobs { get; init; }
    public long UsedMemory { get; init; }
    public long UsedMemoryRss { get; init; }
    public long MaxMemory { get; init; }
    public bool OutOfMemory { get; init; }
    public Counts Counters { get; init; }

    public bool IsGateway => Resp.Length > 0;

    public bool IsLiving => State is "up" or "leaving";

    public static IReadOnlyList<NodeRow> ParseInfo(string info) =>
        [.. info.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("node", StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal)).Select(Parse)];

    private static NodeRow Parse(string line)
    {
        var fields = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',')
            .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        long Number(string key) => fields.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new NodeRow
        {
            Id = fields.GetValueOrDefault("id", ""),
            Address = fields.GetValueOrDefault("addr", ""),
            Resp = fields.GetValueOrDefault("resp", ""),
            State = fields.GetValueOrDefault("state", "up"),
            Myself = Number("myself") == 1,
            Jobs = Number("jobs"),
            UsedMemory = Number("used_memory"),
            UsedMemoryRss = Number("used_memory_rss"),
            MaxMemory = Number("maxmemory"),
            OutOfMemory = Number("oom") == 1,
            Counters = new Counts(Number("jobs_added"), Number("jobs_delivered"), Number("jobs_acked"), Number("jobs_requeued"), Number("jobs_expired")),
        };
    }
}
