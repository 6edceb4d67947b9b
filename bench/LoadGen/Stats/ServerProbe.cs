using System.Globalization;
using Disque.Client.Resp;
using Disque.LoadGen.Connections;

namespace Disque.LoadGen.Stats;

/// <summary>
/// What the server process costs: its resident memory from /proc/&lt;pid&gt;/status (VmRSS),
/// its CPU time from /proc/&lt;pid&gt;/stat, and INFO memory's used_memory (the GC heap)
/// and used_memory_rss. Without a pid (a server on another host) only INFO is read.
/// A cluster's other nodes (<paramref name="alsoPids"/>) add their CPU time to the server's.
/// </summary>
public sealed class ServerProbe(PipelinedConnection info, int? pid, IReadOnlyList<int>? alsoPids = null)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    public int? Pid => pid;

    public long? ResidentBytes()
    {
        if (pid is null)
            return null;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }

    /// <summary>User plus system CPU seconds the server (and the other nodes named) has used so far.</summary>
    public double? CpuSeconds()
    {
        if (pid is not { } server)
            return null;
        var seconds = CpuSecondsOf(server);
        foreach (var other in alsoPids ?? [])
            seconds += CpuSecondsOf(other);
        return seconds;
    }

    private static double CpuSecondsOf(int process)
    {
        var stat = File.ReadAllText($"/proc/{process}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: state is field 3, utime field 14, stime field 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public async Task<MemoryInfo> Memory()
    {
        var reply = await info.Call(new RespCommand("INFO").Add("memory"));
        var fields = (reply.Text ?? "").Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return new MemoryInfo(ResidentBytes(), Field(fields, "used_memory"), Field(fields, "used_memory_rss"));
    }

    public async Task<long> QueueLength(string queue)
    {
        var reply = await info.Call(new RespCommand("QLEN").Add(queue));
        return reply.Type == RespType.Integer ? reply.Integer : throw new InvalidOperationException($"QLEN answered {reply}");
    }

    private static long? Field(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var value) && long.TryParse(value, CultureInfo.InvariantCulture, out var number) ? number : null;
}

/// <summary>Resident memory (VmRSS), the GC heap (used_memory) and the working set INFO reports (used_memory_rss), in bytes.</summary>
public readonly record struct MemoryInfo(long? Rss, long? Heap, long? InfoRss);
