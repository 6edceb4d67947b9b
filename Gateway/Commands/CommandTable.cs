using System.Text;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>Runs one command. It reads its arguments before its first await: the request is reused afterwards.</summary>
public delegate ValueTask<Reply> CommandHandler(Session session, RespRequest args);

/// <summary>Which pipelined commands may run side by side; any other command waits for the ones before it.</summary>
public enum Overlap : byte
{
    /// <summary>Runs alone, after every earlier command of the connection has answered.</summary>
    None,

    /// <summary>ADDJOB: consecutive ones share one batch, in order.</summary>
    Produce,

    /// <summary>ACKJOB, FASTACK: acks of different jobs do not depend on each other.</summary>
    Ack,

    /// <summary>GETJOB NOHANG: consecutive ones take jobs in one call per queue, in order.</summary>
    Consume,
}

/// <summary>
/// A command of the table: its name, Disque's arity (negative: at least that many;
/// 0: any), Disque's flags as its table spells them (w write, r readonly, m denyoom,
/// a admin, l loading, M skip_monitor, F fast), and how it runs.
/// </summary>
public sealed record Command(string Name, int Arity, string Flags, CommandHandler Handler, Overlap Overlap = Overlap.None, bool AllowedBeforeAuth = false)
{
    /// <summary>Ours, beyond Disque's table: COMMAND lists it after Disque's own.</summary>
    public bool Extension { get; init; }

    /// <summary>The name as Disque's tables and error texts write it.</summary>
    public string LowerName { get; } = Name.ToLowerInvariant();

    /// <summary>COMMAND's flag words, in Disque's order.</summary>
    public string[] FlagWords { get; } = [.. FlagOrder.Where(f => Flags.Contains(f.Letter, StringComparison.Ordinal)).Select(f => f.Word)];

    private static readonly (char Letter, string Word)[] FlagOrder =
        [('w', "write"), ('r', "readonly"), ('m', "denyoom"), ('a', "admin"), ('R', "random"), ('l', "loading"), ('M', "skip_monitor"), ('F', "fast")];

    /// <summary>Disque does not show these to MONITOR.</summary>
    public bool SkipsMonitor => Flags.Contains('M', StringComparison.Ordinal);

    /// <summary>LATENCY's event for this command: "fast-command" or "command".</summary>
    public string LatencyEvent => Flags.Contains('F', StringComparison.Ordinal) ? "fast-command" : "command";

    /// <summary>Decides the overlap from the arguments, for commands whose options change it (GETJOB NOHANG).</summary>
    public Func<RespRequest, Overlap>? OverlapOf { get; init; }

    public bool ArityFits(int count) => Arity > 0 ? count == Arity : count >= -Arity;

    public Overlap OverlapFor(RespRequest args) => OverlapOf?.Invoke(args) ?? Overlap;
}

/// <summary>
/// The one table of commands the gateway answers. Each family of commands
/// adds its entries from its own file; a name not here is an unknown command.
/// </summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, Command> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Command>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    /// <summary>Disque's command table order, which INFO commandstats follows.</summary>
    private static readonly string[] DisqueOrder =
    [
        "AUTH", "PING", "INFO", "SHUTDOWN", "MONITOR", "DEBUG", "CONFIG", "CLUSTER", "CLIENT", "SLOWLOG", "TIME", "COMMAND", "LATENCY", "HELLO",
        "ADDJOB", "GETJOB", "ACKJOB", "FASTACK", "DELJOB", "SHOW", "LOADJOB", "BGREWRITEAOF",
        "QLEN", "QPEEK", "QSTAT", "QSCAN", "JSCAN", "ENQUEUE", "NACK", "DEQUEUE", "WORKING", "PAUSE",
    ];

    private readonly Command[] _ordered;

    public CommandTable(IEnumerable<Command> commands)
    {
        foreach (var command in commands)
            _commands.Add(command.Name, command);
        _byChars = _commands.GetAlternateLookup<ReadOnlySpan<char>>();
        _ordered = [.. _commands.Values.OrderBy(c => Array.IndexOf(DisqueOrder, c.Name) is var i and >= 0 ? i : int.MaxValue)];
    }

    public static CommandTable Disque { get; } = new(
        ProducingCommands.All
            .Concat(ConsumingCommands.All)
            .Concat(FailureCommands.All)
            .Concat(CoordinationCommands.All)
            .Concat(JobCommands.All)
            .Concat(QueueCommands.All)
            .Concat(ServerCommands.All)
            .Concat(AdminCommands.All)
            .Concat(ClusterCommands.All)
            .Concat(ScheduleCommands.All));

    /// <summary>Every command, in Disque's table order.</summary>
    public IEnumerable<Command> All => _ordered;

    public Command? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length > 32)
            return null;
        Span<char> chars = stackalloc char[32];
        var length = Encoding.ASCII.GetChars(name, chars);
        return _byChars.TryGetValue(chars[..length], out var command) ? command : null;
    }
}
