using System.Globalization;
using Disque.Gateway.Arguments;
using Disque.Gateway.Hosting;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>
/// CONFIG GET pattern, CONFIG SET name value, CONFIG RESETSTAT, CONFIG REWRITE.
/// GET lists Disque's parameters in Disque's order (its glob is case-sensitive, as
/// Disque's): this gateway's own values where it has the setting, Disque's values
/// for the AOF and process knobs a gateway has no use for. SET changes what this
/// gateway honours; any other name is unsupported. default-replicate is ours and
/// only answers to its exact name, so CONFIG GET * stays Disque's list.
/// </summary>
internal static class ConfigCommand
{
    private sealed record Parameter(string Name, Func<GatewayServices, string> Get, Func<GatewayServices, string, bool>? Set = null, bool ExactOnly = false);

    private static readonly Parameter[] Parameters =
    [
        new("requirepass", s => s.Settings.Password, SetPassword),
        new("unixsocket", _ => ""),
        new("logfile", _ => ""),
        new("pidfile", _ => "/var/run/disque.pid"),
        new("maxmemory", s => Text(s.Node.State.MaxMemoryBytes), SetMaxMemory),
        new("maxmemory-samples", _ => "5"),
        new("timeout", s => Text((long)s.Limits.IdleTimeoutSeconds), SetTimeout),
        new("auto-aof-rewrite-percentage", _ => "100"),
        new("auto-aof-rewrite-min-size", _ => "67108864"),
        new("slowlog-log-slower-than", s => Text(s.SlowLog.SlowerThan), (s, v) => SetNumber(v, n => s.SlowLog.SlowerThan = n)),
        new("latency-monitor-threshold", s => Text(s.Latency.Threshold), (s, v) => SetNumber(v, n => s.Latency.Threshold = n)),
        new("slowlog-max-len", s => Text(s.SlowLog.MaxLength), (s, v) => SetNumber(v, n => s.SlowLog.MaxLength = (uint)n)),
        new("port", s => Text(s.Node.State.RespEndpoint?.Port ?? s.Settings.Port)),
        new("tcp-backlog", _ => Text(GatewayHostingExtensions.ListenBacklog)),
        new("databases", _ => "16"),
        new("maxclients", s => Text(s.Clients.MaxClients), (s, v) => SetNumber(v, n => s.Clients.MaxClients = n, min: 1)),
        new("watchdog-period", _ => "0"),
        new("hz", _ => "10"),
        new("cluster-node-timeout", s => Text(s.NodeTimeoutMs)),
        new("tcp-keepalive", _ => "no"),
        new("no-appendfsync-on-rewrite", _ => "no"),
        new("daemonize", _ => "no"),
        new("activerehashing", _ => "yes"),
        new("aof-rewrite-incremental-fsync", _ => "yes"),
        new("aof-load-truncated", _ => "yes"),
        new("aof-enqueue-jobs-once", _ => "no"),
        new("maxmemory-policy", _ => "acks"),
        new("loglevel", _ => "notice"),
        new("appendfsync", _ => "everysec"),
        new("syslog-facility", _ => "local0"),
        new("appendonly", s => s.IsDurable ? "yes" : "no"),
        new("dir", _ => Directory.GetCurrentDirectory()),
        new("client-output-buffer-limit", s => $"normal 0 {s.Limits.MaxOutputBytes} {(long)s.Limits.OutputTimeoutSeconds}"),
        new("unixsocketperm", _ => "0"),
        new("bind", s => s.Settings.Bind is "*" or "" or "0.0.0.0" ? "" : s.Settings.Bind),
        new("default-replicate", s => Text(s.Node.State.DefaultReplicate), SetDefaultReplicate, ExactOnly: true),
    ];

    public static ValueTask<Reply> Run(Session session, RespRequest args) =>
        ValueTask.FromResult(Answer(session.Services, args));

    private static Reply Answer(GatewayServices services, RespRequest args)
    {
        var sub = args.GetString(1);
        var arity = sub.ToUpperInvariant() switch
        {
            "GET" => 3,
            "SET" => 4,
            "RESETSTAT" or "REWRITE" => 2,
            _ => 0,
        };
        if (arity == 0)
            return DisqueError.ConfigSubcommand;
        if (args.Count != arity)
            return DisqueError.ConfigWrongArity(sub);
        if (args.Is(1, "GET"u8))
            return Get(services, args.GetString(2));
        if (args.Is(1, "SET"u8))
            return Set(services, args.GetString(2), args.GetString(3));
        if (args.Is(1, "RESETSTAT"u8))
        {
            services.Stats.Reset();
            services.CommandStats.Reset();
            return Reply.Ok;
        }
        return DisqueError.NoConfigFile;
    }

    private static Reply Get(GatewayServices services, string pattern) =>
        ReplyShapes.Strings(Parameters
            .Where(p => p.ExactOnly ? p.Name == pattern : Glob.IsMatch(pattern, p.Name))
            .SelectMany(p => new[] { p.Name, p.Get(services) }));

    private static Reply Set(GatewayServices services, string name, string value)
    {
        var parameter = Array.Find(Parameters, p => p.Set is not null && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (parameter is null)
            return DisqueError.ConfigUnsupported(name);
        return parameter.Set!(services, value) ? Reply.Ok : DisqueError.ConfigInvalid(value, name);
    }

    private static bool SetPassword(GatewayServices services, string value)
    {
        if (value.Length > 512)
            return false;
        services.Settings.Password = value;
        return true;
    }

    /// <summary>Disque's numerical fields: an integer as strtoll reads it, not negative, not below <paramref name="min"/>.</summary>
    private static bool SetNumber(string value, Action<long> set, long min = 0)
    {
        if (!Integers.TryParseLenient(System.Text.Encoding.UTF8.GetBytes(value), out var number) || number < Math.Max(0, min))
            return false;
        set(number);
        return true;
    }

    private static bool SetTimeout(GatewayServices services, string value) => SetNumber(value, n => services.Limits.IdleTimeoutSeconds = n);

    private static bool SetMaxMemory(GatewayServices services, string value)
    {
        if (!Integers.TryParseMemory(value, out var bytes) || bytes < 0)
            return false;
        services.Node.State.MaxMemoryBytes = bytes;
        return true;
    }

    private static bool SetDefaultReplicate(GatewayServices services, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var copies) || copies > 65535)
            return false;
        services.Node.State.DefaultReplicate = copies;
        return true;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
