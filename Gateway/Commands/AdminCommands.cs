using System.Globalization;
using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>TIME, COMMAND, MONITOR, SLOWLOG, LATENCY, LOADJOB, BGREWRITEAOF, and (from their own files) CLIENT and DEBUG.</summary>
public static class AdminCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("TIME", 1, "rF", (_, _) => Done(Time())),
        new("COMMAND", 0, "rl", CommandInfo),
        new("MONITOR", 1, "ar", Monitor),
        new("SLOWLOG", -2, "r", SlowLog),
        new("LATENCY", -2, "arl", Latency),
        new("CLIENT", -2, "ar", ClientCommand.Run),
        new("DEBUG", -2, "a", DebugCommand.Run),
        new("LOADJOB", 2, "w", (_, _) => Done(DisqueError.LoadJobFromAof)),
        new("BGREWRITEAOF", 1, "ar", (_, _) => Done(DisqueError.NoAofRewrite)),
    ];

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);

    /// <summary>MONITOR: its +OK goes out through the feed (see Session.StartMonitoring); a client already monitoring gets nothing.</summary>
    private static ValueTask<Reply> Monitor(Session session, RespRequest args)
    {
        session.StartMonitoring();
        return Done(Reply.None);
    }

    private static Reply Time()
    {
        var micros = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        return Reply.Array([Reply.Bulk(Text(micros / 1_000_000)), Reply.Bulk(Text(micros % 1_000_000))]);
    }

    /// <summary>COMMAND, COMMAND COUNT, COMMAND INFO name...: this gateway's own table, with Disque's arities and flags.</summary>
    private static ValueTask<Reply> CommandInfo(Session session, RespRequest args)
    {
        var table = session.Services.Commands;
        if (args.Count == 1)
            return Done(Reply.Array([.. table.All.Select(Describe)]));
        if (args.Is(1, "INFO"u8))
            return Done(Reply.Array([.. Enumerable.Range(2, args.Count - 2).Select(i => table.Find(args[i]) is { } c ? Describe(c) : Reply.NullBulk)]));
        if (args.Is(1, "COUNT"u8) && args.Count == 2)
            return Done(Reply.Integer(table.All.Count()));
        return Done(DisqueError.CommandSubcommand);
    }

    private static Reply Describe(Command command) => Reply.Array(
    [
        Reply.Bulk(command.LowerName), command.Arity,
        Reply.Array([.. command.FlagWords.Select(Reply.Status)]), 0, 0, 0,
    ]);

    private static ValueTask<Reply> SlowLog(Session session, RespRequest args)
    {
        var log = session.Services.SlowLog;
        if (args.Count == 2 && args.Is(1, "RESET"u8))
        {
            log.Reset();
            return Done(Reply.Ok);
        }
        if (args.Count == 2 && args.Is(1, "LEN"u8))
            return Done(Reply.Integer(log.Count));
        if (args.Count is not (2 or 3) || !args.Is(1, "GET"u8))
            return Done(DisqueError.SlowlogSubcommand);
        var count = 10L;
        if (args.Count == 3 && !args.TryGetLong(2, out count))
            return Done(DisqueError.NotInteger);
        return Done(Reply.Array([.. log.Newest(count).Select(e => Reply.Array(
        [
            e.Id, e.UnixTime, e.Microseconds, Reply.Array([.. e.Args.Select(Reply.Bulk)]),
        ]))]));
    }

    private static ValueTask<Reply> Latency(Session session, RespRequest args)
    {
        var monitor = session.Services.Latency;
        if (args.Is(1, "HISTORY"u8) && args.Count == 3)
            return Done(Reply.Array([.. (monitor.History(args.GetString(2)) ?? []).Select(s => Reply.Array([s.UnixTime, s.Milliseconds]))]));
        if (args.Is(1, "GRAPH"u8) && args.Count == 3)
            return Done(monitor.Graph(args.GetString(2)) is { } graph ? Reply.Bulk(graph) : DisqueError.NoLatencySamples(args.GetString(2)));
        if (args.Is(1, "LATEST"u8) && args.Count == 2)
            return Done(Reply.Array([.. monitor.Latest().Select(e => Reply.Array([Reply.Bulk(e.Name), e.Latest.UnixTime, e.Latest.Milliseconds, e.Max]))]));
        if (args.Is(1, "DOCTOR"u8) && args.Count == 2)
            return Done(Reply.Bulk(monitor.Doctor(session.Services.SlowLog.SlowerThan)));
        if (args.Is(1, "RESET"u8))
            return Done(Reply.Integer(monitor.Reset([.. Enumerable.Range(2, args.Count - 2).Select(args.GetString)])));
        return Done(DisqueError.Syntax);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
