using System.Globalization;
using Disque.Gateway.Arguments;
using Disque.Gateway.Hosting;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>
/// CONFIG GET pattern, CONFIG SET name value, CONFIG RESETSTAT, CONFIG REWRITE:
/// the settings that can be read or changed while the node runs.
/// </summary>
internal static class ConfigCommand
{
    private sealed record Parameter(string Name, Func<GatewayServices, string> Get, Func<GatewayServices, string, bool>? Set = null);

    private static readonly Parameter[] Parameters =
    [
        new("requirepass", s => s.Settings.Password, (s, v) => { s.Settings.Password = v; return true; }),
        new("maxmemory", s => Text(s.Node.State.MaxMemoryBytes), SetMaxMemory),
        new("default-replicate", s => Text(s.Node.State.DefaultReplicate), SetDefaultReplicate),
        new("port", s => Text(s.Node.State.RespEndpoint?.Port ?? s.Settings.Port)),
        new("bind", s => s.Settings.Bind),
        new("timeout", _ => "0"),
        new("appendonly", s => s.IsDurable ? "yes" : "no"),
    ];

    public static ValueTask<Reply> Run(Session session, RespRequest args) =>
        ValueTask.FromResult(Answer(session.Services, args));

    private static Reply Answer(GatewayServices services, RespRequest args)
    {
        var sub = args.GetString(1);
        var (name, arity) = sub.ToUpperInvariant() switch
        {
            "GET" => ("GET", 3),
            "SET" => ("SET", 4),
            "RESETSTAT" => ("RESETSTAT", 2),
            "REWRITE" => ("REWRITE", 2),
            _ => ("", 0),
        };
        if (arity == 0)
            return DisqueError.ConfigSubcommand;
        if (args.Count != arity)
            return DisqueError.ConfigWrongArity(sub);
        return name switch
        {
            "GET" => Get(services, args.GetString(2)),
            "SET" => Set(services, args.GetString(2), args.GetString(3)),
            "RESETSTAT" => Reply.Ok,
            _ => DisqueError.NoConfigFile,
        };
    }

    private static Reply Get(GatewayServices services, string pattern) =>
        Replies.Strings(Parameters.Where(p => Glob.IsMatch(pattern, p.Name)).SelectMany(p => new[] { p.Name, p.Get(services) }));

    private static Reply Set(GatewayServices services, string name, string value)
    {
        var parameter = Array.Find(Parameters, p => p.Set is not null && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (parameter is null)
            return DisqueError.ConfigUnsupported(name);
        return parameter.Set!(services, value) ? Reply.Ok : DisqueError.ConfigInvalid(value, name);
    }

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
