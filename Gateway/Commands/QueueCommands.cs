using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>QLEN, QSTAT, QPEEK, QSCAN, PAUSE: looking at and steering queues.</summary>
public static class QueueCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("QLEN", 2, "rF", (s, a) => Length(s.Node.QueueLength(a.QueueName(1)))),
        new("QSTAT", 2, "rF", (s, a) => Stats(s.Node.QueueStats(a.QueueName(1)))),
        new("QPEEK", 3, "r", Peek),
        new("QSCAN", -1, "r", QueueScan),
        new("PAUSE", -3, "rF", Pause),
    ];

    private static async ValueTask<Reply> Length(Task<long> length) => Reply.Integer(await length);

    private static async ValueTask<Reply> Stats(Task<QueueStats?> stats) =>
        await stats is { } queue ? ReplyShapes.Queue(queue) : Reply.NullArray;

    private static ValueTask<Reply> Peek(Session session, RespRequest args)
    {
        if (!args.TryGetLong(2, out var count))
            return ValueTask.FromResult(Reply.Error(DisqueError.NotInteger));
        return Peeked(session.Node.Peek(args.QueueName(1), count));
    }

    private static async ValueTask<Reply> Peeked(Task<Delivery[]> peeking) => Reply.Jobs(await peeking, withCounters: false);

    private static ValueTask<Reply> QueueScan(Session session, RespRequest args)
    {
        var options = ScanParser.ParseQueueScan(args);
        if (options.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        var o = options.Value!;
        // Every queue has an import rate of 0 here: jobs are never imported, the queue is cluster-wide.
        if (o.ImportRate > 0)
            return ValueTask.FromResult(Reply.Array([Reply.Bulk("0"), Reply.EmptyArray]));
        return Scanned(session.Node.ScanQueues(o.Cursor, o.BusyLoop ? int.MaxValue : o.Count, o.MinLen, o.MaxLen));
    }

    private static async ValueTask<Reply> Scanned(Task<(ulong Next, string[] Queues)> scanning)
    {
        var (next, queues) = await scanning;
        return Reply.Array([Reply.Bulk(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), ReplyShapes.Strings(queues)]);
    }

    /// <summary>PAUSE queue in|out|all|none|state|bcast...: the flags named replace the old ones; the answer is the state after.</summary>
    private static ValueTask<Reply> Pause(Session session, RespRequest args)
    {
        var state = PauseState.None;
        var update = false;
        for (var i = 2; i < args.Count; i++)
        {
            if (args.Is(i, "NONE"u8))
                (state, update) = (PauseState.None, true);
            else if (args.Is(i, "IN"u8))
                (state, update) = (state | PauseState.In, true);
            else if (args.Is(i, "OUT"u8))
                (state, update) = (state | PauseState.Out, true);
            else if (args.Is(i, "ALL"u8))
                (state, update) = (PauseState.All, true);
            else if (!args.Is(i, "STATE"u8) && !args.Is(i, "BCAST"u8))
                return ValueTask.FromResult(Reply.Error(DisqueError.Syntax));
        }
        return Paused(session.Node.Pause(args.QueueName(1), state, update));
    }

    private static async ValueTask<Reply> Paused(Task<PauseState> pausing) => Reply.Status(ReplyShapes.PauseName(await pausing));
}
