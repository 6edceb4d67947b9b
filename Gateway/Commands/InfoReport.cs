using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Disque.Gateway.Hosting;
using Disque.Wire;

namespace Disque.Gateway.Commands;

/// <summary>
/// INFO's text: Disque's sections and keys, filled from this node's counters. One section
/// of our own, <c>INFO nodes</c>, only when asked for by name: a line per silo of the
/// cluster (gateway or not, living or dead) with its jobs, memory and counters, which no
/// Disque command tells of a silo that serves no RESP. The dashboard reads it.
/// </summary>
internal static class InfoReport
{
    /// <summary>How many dead silos <c>INFO nodes</c> lists, the most recently started first.</summary>
    private const int DeadListed = 16;

    private static readonly string[] DefaultSections = ["server", "clients", "memory", "jobs", "queues", "persistence", "stats", "cpu"];

    public static async Task<string> Build(GatewayServices services, string section)
    {
        var wanted = section.ToLowerInvariant();
        var sections = wanted is "default" or "all" or "everything" ? DefaultSections : [wanted];
        var node = await services.Node.Cluster.LocalStore.Describe();
        var nodes = wanted == "nodes" ? await NodeLines(services) : null;
        var text = new StringBuilder();
        foreach (var name in sections)
        {
            var lines = name == "nodes" ? nodes : Lines(services, node, name);
            if (lines is null)
                continue;
            if (text.Length > 0)
                text.Append("\r\n");
            text.Append("# ").Append(char.ToUpperInvariant(name[0])).Append(name[1..]).Append("\r\n");
            foreach (var (key, value) in lines)
                text.Append(key).Append(':').Append(value).Append("\r\n");
        }
        return text.ToString();
    }

    private static (string, object)[]? Lines(GatewayServices services, NodeInfo node, string section)
    {
        var stats = services.Stats;
        var process = Process.GetCurrentProcess();
        return section switch
        {
            "server" =>
            [
                ("disque_version", "1.0-rc1"),
                ("disque_orleans_version", typeof(InfoReport).Assembly.GetName().Version?.ToString() ?? "0"),
                ("os", RuntimeInformation.OSDescription),
                ("arch_bits", IntPtr.Size * 8),
                ("runtime", RuntimeInformation.FrameworkDescription),
                ("process_id", Environment.ProcessId),
                ("run_id", node.NodeId),
                ("tcp_port", node.RespPort),
                ("uptime_in_seconds", (long)stats.Uptime.TotalSeconds),
                ("uptime_in_days", (long)stats.Uptime.TotalDays),
            ],
            "clients" =>
            [
                ("connected_clients", stats.Connected),
                ("blocked_clients", services.Node.Blocked),
            ],
            "memory" =>
            [
                ("used_memory", GC.GetTotalMemory(false)),
                ("used_memory_human", Human(GC.GetTotalMemory(false))),
                ("used_memory_rss", process.WorkingSet64),
                ("used_memory_rss_human", Human(process.WorkingSet64)),
                ("used_memory_peak", process.PeakWorkingSet64),
                ("used_memory_peak_human", Human(process.PeakWorkingSet64)),
                ("maxmemory", services.Node.State.MaxMemoryBytes),
                ("mem_allocator", ".NET GC"),
            ],
            "jobs" => [("registered_jobs", node.Jobs)],
            "queues" => [("registered_queues", services.Node.LocalQueueCount)],
            "persistence" => [("loading", 0), ("aof_enabled", 0), ("aof_state", "off")],
            "stats" =>
            [
                ("total_connections_received", stats.ConnectionsReceived),
                ("total_commands_processed", stats.Commands),
                ("total_net_input_bytes", stats.InputBytes),
                ("total_net_output_bytes", stats.OutputBytes),
                ("total_jobs_added", services.Jobs.Added),
                ("total_jobs_delivered", services.Jobs.Delivered),
                ("total_jobs_acked", services.Jobs.Acked),
                ("total_jobs_requeued", services.Jobs.Requeued),
                ("total_jobs_expired", services.Jobs.Expired),
            ],
            "cpu" =>
            [
                ("used_cpu_sys", Seconds(process.PrivilegedProcessorTime)),
                ("used_cpu_user", Seconds(process.UserProcessorTime)),
            ],
            _ => null,
        };
    }

    /// <summary><c>nodeN:id=...,addr=...,state=up|leaving|unreachable|dead,...</c>, as Redis writes a replica per line.</summary>
    private static async Task<(string, object)[]> NodeLines(GatewayServices services)
    {
        var cluster = services.Node.Cluster;
        var answered = await services.Node.Nodes();
        var living = answered.OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(n => Describe(n, cluster.SelfNodeId));
        var silent = cluster.Alive.Where(s => !answered.Any(n => n.Silo.Equals(s))).Select(s => $"id={cluster.NodeId(s)},addr={s.Endpoint},state=unreachable");
        var dead = cluster.Dead.Take(DeadListed).Select(s => $"id={cluster.NodeId(s)},addr={s.Endpoint},state=dead");
        return [.. living.Concat(silent).Concat(dead).Select((line, i) => ($"node{i}", (object)line))];
    }

    private static string Describe(NodeInfo n, string self) => string.Create(CultureInfo.InvariantCulture,
        $"id={n.NodeId},addr={n.Silo.Endpoint},resp={(n.RespPort > 0 ? $"{n.Host}:{n.RespPort}" : "")},state={(n.Leaving ? "leaving" : "up")}," +
        $"myself={(n.NodeId == self ? 1 : 0)},jobs={n.Jobs},used_memory={n.UsedMemory},used_memory_rss={n.UsedMemoryRss},maxmemory={n.MaxMemory}," +
        $"oom={(n.OutOfMemory ? 1 : 0)},jobs_added={n.Counters.Added},jobs_delivered={n.Counters.Delivered},jobs_acked={n.Counters.Acked}," +
        $"jobs_requeued={n.Counters.Requeued},jobs_expired={n.Counters.Expired}");

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Bytes as Disque's bytesToHuman writes them: 123B, 1.50K, 2.00M, 3.10G.</summary>
    internal static string Human(long bytes) => bytes switch
    {
        < 1024 => $"{bytes}B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F2}K"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F2}M"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):F2}G"),
    };
}
