using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Disque.Gateway.Hosting;
using Disque.Wire;

namespace Disque.Gateway.Commands;

/// <summary>
/// INFO's text: Disque's sections and fields, in Disque's order, filled from this
/// gateway. "default" (or no section) gives the first eight sections, "all" adds
/// commandstats; any other word names one section, and one Disque does not have
/// gives an empty text, as Disque's does. One section of our own, <c>INFO nodes</c>,
/// only when asked for by name: a line per silo of the cluster (gateway or not, living
/// or dead) with its jobs, memory and counters, which no Disque command tells of a
/// silo that serves no RESP. The dashboard reads it.
/// </summary>
internal static class InfoReport
{
    /// <summary>How many dead silos <c>INFO nodes</c> lists, the most recently started first.</summary>
    private const int DeadListed = 16;

    private static readonly string[] DefaultSections = ["server", "clients", "memory", "jobs", "queues", "persistence", "stats", "cpu"];

    /// <summary>Disque's run_id: 40 random hex digits, new at every start.</summary>
    private static readonly string RunId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private static long _peakMemory;

    public static async Task<string> Build(GatewayServices services, string section)
    {
        var wanted = section.ToLowerInvariant();
        string[] sections = wanted switch
        {
            "default" => DefaultSections,
            "all" => [.. DefaultSections, "commandstats"],
            _ => [wanted],
        };
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
            text.Append("# ").Append(name == "cpu" ? "CPU" : char.ToUpperInvariant(name[0]) + name[1..]).Append("\r\n");
            foreach (var (key, value) in lines)
                text.Append(key).Append(':').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append("\r\n");
        }
        return text.ToString();
    }

    private static (string, object)[]? Lines(GatewayServices services, NodeInfo node, string section)
    {
        var stats = services.Stats;
        return section switch
        {
            "server" => Server(services, node),
            "clients" =>
            [
                ("connected_clients", stats.Connected),
                ("client_longest_output_list", services.Clients.All.Select(c => c.PendingReplies).DefaultIfEmpty(0).Max()),
                ("client_biggest_input_buf", services.Clients.All.Select(c => c.UnreadBytes).DefaultIfEmpty(0).Max()),
                ("blocked_clients", services.Clients.All.Count(c => c.Blocked)),
            ],
            "memory" => Memory(),
            "jobs" => [("registered_jobs", node.Jobs)],
            "queues" => [("registered_queues", services.Node.LocalQueueCount)],
            "persistence" =>
            [
                ("loading", 0), ("aof_enabled", services.IsDurable ? 1 : 0), ("aof_state", services.IsDurable ? "on" : "off"),
                ("aof_rewrite_in_progress", 0), ("aof_rewrite_scheduled", 0),
                ("aof_last_rewrite_time_sec", -1), ("aof_current_rewrite_time_sec", -1),
                ("aof_last_bgrewrite_status", "ok"), ("aof_last_write_status", "ok"),
            ],
            "stats" =>
            [
                ("total_connections_received", stats.ConnectionsReceived),
                ("total_commands_processed", stats.Commands),
                ("instantaneous_ops_per_sec", stats.OpsPerSecond),
                ("total_net_input_bytes", stats.InputBytes),
                ("total_net_output_bytes", stats.OutputBytes),
                ("instantaneous_input_kbps", Two(stats.InputKbps)),
                ("instantaneous_output_kbps", Two(stats.OutputKbps)),
                ("rejected_connections", stats.Rejected),
                ("latest_fork_usec", 0),
            ],
            "cpu" => Cpu(),
            "commandstats" => [.. services.Commands.All
                .Select(c => (c.LowerName, Stats: services.CommandStats.Of(c.LowerName)))
                .Where(c => c.Stats is not null)
                .Select(c => ("cmdstat_" + c.LowerName, (object)string.Create(CultureInfo.InvariantCulture,
                    $"calls={c.Stats!.Value.Calls},usec={c.Stats.Value.Microseconds},usec_per_call={(double)c.Stats.Value.Microseconds / c.Stats.Value.Calls:F2}")))],
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

    private static (string, object)[] Server(GatewayServices services, NodeInfo node)
    {
        var assembly = typeof(InfoReport).Assembly;
        return
        [
            ("disque_version", "1.0-rc1"),
            ("disque_git_sha1", GitSha(assembly)),
            ("disque_git_dirty", 0),
            ("disque_build_id", Convert.ToHexStringLower(assembly.ManifestModule.ModuleVersionId.ToByteArray()[..8])),
            ("os", $"{(OperatingSystem.IsLinux() ? "Linux" : RuntimeInformation.OSDescription)} {Environment.OSVersion.Version} {Machine()}"),
            ("arch_bits", IntPtr.Size * 8),
            ("multiplexing_api", OperatingSystem.IsLinux() ? "epoll" : OperatingSystem.IsMacOS() ? "kqueue" : "iocp"),
            ("gcc_version", "0.0.0"),
            ("process_id", Environment.ProcessId),
            ("run_id", RunId),
            ("tcp_port", node.RespPort),
            ("uptime_in_seconds", (long)services.Stats.Uptime.TotalSeconds),
            ("uptime_in_days", (long)services.Stats.Uptime.TotalDays),
            ("hz", 10),
            ("executable", Environment.ProcessPath ?? ""),
            ("config_file", ""),
        ];
    }

    private static (string, object)[] Memory()
    {
        var used = GC.GetTotalMemory(false);
        var peak = Math.Max(Interlocked.Read(ref _peakMemory), used);
        Interlocked.Exchange(ref _peakMemory, peak);
        var rss = Environment.WorkingSet;
        return
        [
            ("used_memory", used), ("used_memory_human", Human(used)),
            ("used_memory_rss", rss),
            ("used_memory_peak", peak), ("used_memory_peak_human", Human(peak)),
            ("mem_fragmentation_ratio", Two(used == 0 ? 0 : (double)rss / used)),
            ("mem_allocator", ".NET GC"),
        ];
    }

    /// <summary>This process's CPU; it starts no child processes, so theirs is 0.</summary>
    private static (string, object)[] Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return
        [
            ("used_cpu_sys", Two(process.PrivilegedProcessorTime.TotalSeconds)),
            ("used_cpu_user", Two(process.UserProcessorTime.TotalSeconds)),
            ("used_cpu_sys_children", "0.00"),
            ("used_cpu_user_children", "0.00"),
        ];
    }

    /// <summary>The commit the build came from (SourceLink puts it after a '+' in the informational version), else Disque's 00000000.</summary>
    private static string GitSha(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && version.Length - plus > 8 ? version[(plus + 1)..(plus + 9)] : "00000000";
    }

    private static string Machine() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string Two(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Bytes as Disque's bytesToHuman writes them: 123B, 1.50K, 2.00M, 3.10G, 1.00T, 1.00P.</summary>
    internal static string Human(long bytes) => bytes switch
    {
        < 1024 => $"{bytes}B",
        < 1024 * 1024 => Scaled(bytes, 1024.0, 'K'),
        < 1024L * 1024 * 1024 => Scaled(bytes, 1024.0 * 1024, 'M'),
        < 1024L * 1024 * 1024 * 1024 => Scaled(bytes, 1024.0 * 1024 * 1024, 'G'),
        < 1024L * 1024 * 1024 * 1024 * 1024 => Scaled(bytes, 1024.0 * 1024 * 1024 * 1024, 'T'),
        < 1024L * 1024 * 1024 * 1024 * 1024 * 1024 => Scaled(bytes, 1024.0 * 1024 * 1024 * 1024 * 1024, 'P'),
        _ => $"{bytes}B",
    };

    private static string Scaled(long bytes, double unit, char suffix) => string.Create(CultureInfo.InvariantCulture, $"{bytes / unit:F2}{suffix}");
}
