using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>GETJOB, ACKJOB, FASTACK, WORKING, NACK: what a worker sends.</summary>
public static class ConsumingCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("GETJOB", -2, "wF", GetJob) { OverlapOf = args => GetJobParser.IsNoHang(args) ? Overlap.Consume : Overlap.None },
        new("ACKJOB", -1, "wF", (s, a) => WithIds(a, ids => s.Node.Ack(ids)), Overlap.Ack),
        new("FASTACK", -1, "wF", (s, a) => WithIds(a, ids => s.Node.FastAck(ids)), Overlap.Ack),
        new("NACK", -1, "mwF", (s, a) => WithIds(a, ids => s.Node.Requeue(ids, nack: true))),
        new("WORKING", 2, "wF", Working),
    ];

    private static ValueTask<Reply> GetJob(Session session, RespRequest args)
    {
        var spec = GetJobParser.Parse(args);
        if (spec.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        var getting = session.Node.GetJobs(spec.Value!, session.Closed);
        // CLIENT LIST's 'b' and INFO's blocked_clients: a GETJOB that may wait and did not answer at once.
        var blocked = !spec.Value!.NoHang && !getting.IsCompleted;
        if (blocked)
            session.Blocked = true;
        return Got(getting, spec.Value!.WithCounters, blocked ? session : null);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Reply> Got(ValueTask<Outcome<Delivery[]?>> getting, bool withCounters, Session? blocked)
    {
        Outcome<Delivery[]?> outcome;
        try
        {
            outcome = await getting;
        }
        finally
        {
            blocked?.Blocked = false;
        }
        return outcome.Error is { } error ? Reply.Error(error)
            : outcome.Value is { } jobs ? Reply.Jobs(jobs, withCounters)
            : Reply.NullArray;
    }

    private static ValueTask<Reply> Working(Session session, RespRequest args)
    {
        var id = JobIdArgs.ParseOne(args, 1);
        if (id.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        return id.Value.IsEmpty ? ValueTask.FromResult(Reply.Error(DisqueError.NoJob)) : Postponed(session.Node.Working(id.Value));
    }

    private static async ValueTask<Reply> Postponed(Task<Outcome<long>> working) => Reply.From(await working);

    /// <summary>Commands that take job ids and answer how many they changed.</summary>
    internal static ValueTask<Reply> WithIds(RespRequest args, Func<JobId[], ValueTask<int>> command)
    {
        var ids = JobIdArgs.Parse(args, 1);
        if (ids.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        return ids.Value!.Length == 0 ? ValueTask.FromResult(Reply.Integer(0)) : Counted(command(ids.Value));
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    internal static async ValueTask<Reply> Counted(ValueTask<int> command) => Reply.Integer(await command);
}
