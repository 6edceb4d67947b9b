using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>
/// Ours, beyond Disque: a consumer's verdicts and dead letters. NACKJOB is NACK with a delay
/// and a reason, FAILJOB sends jobs to their dead-letter queue now, REVIVE puts dead letters
/// back on the queues they came from (REVIVE QUEUE: every one of a dead-letter queue). Each
/// answers how many jobs it moved, as NACK does. Named as Disque names its job commands (ACKJOB, DELJOB).
/// </summary>
public static class FailureCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("NACKJOB", -2, "mwF", (s, a) => Verdict(s, a, forGood: false)) { Extension = true },
        new("FAILJOB", -2, "mwF", (s, a) => Verdict(s, a, forGood: true)) { Extension = true },
        new("REVIVE", -2, "mwF", Revive) { Extension = true },
    ];

    private static ValueTask<Reply> Verdict(Session session, RespRequest args, bool forGood)
    {
        var parsed = VerdictParser.Parse(args, forGood);
        if (parsed.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        var (ids, verdict) = parsed.Value;
        return ids.Length == 0 ? ValueTask.FromResult(Reply.Integer(0)) : ConsumingCommands.Counted(session.Node.Verdict(ids, verdict));
    }

    private static ValueTask<Reply> Revive(Session session, RespRequest args)
    {
        if (!args.Is(1, "QUEUE"u8))
            return ConsumingCommands.WithIds(args, ids => session.Node.Revive(ids));
        if (args.Count != 3)
            return ValueTask.FromResult(Reply.Error(DisqueError.Syntax));
        return ConsumingCommands.Counted(new ValueTask<int>(session.Node.ReviveQueue(args.QueueName(2))));
    }
}
