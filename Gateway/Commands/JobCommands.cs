using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;
using Disque.Wire;

namespace Disque.Gateway.Commands;

/// <summary>SHOW, ENQUEUE, DEQUEUE, DELJOB, JSCAN: looking at and moving single jobs.</summary>
public static class JobCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("SHOW", 2, "rF", Show),
        new("ENQUEUE", -1, "mwF", (s, a) => ConsumingCommands.WithIds(a, ids => s.Node.Requeue(ids, nack: false))),
        new("DEQUEUE", -1, "wF", (s, a) => ConsumingCommands.WithIds(a, ids => s.Node.Dequeue(ids))),
        new("DELJOB", -1, "wF", (s, a) => ConsumingCommands.WithIds(a, ids => s.Node.Delete(ids))),
        new("JSCAN", -1, "r", JobScan),
    ];

    private static ValueTask<Reply> Show(Session session, RespRequest args)
    {
        var id = JobIdArgs.ParseOne(args, 1);
        if (id.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        return id.Value.IsEmpty ? ValueTask.FromResult(Reply.NullBulk) : Shown(session.Node.Show(id.Value));
    }

    private static async ValueTask<Reply> Shown(Task<JobInfo?> showing) =>
        await showing is { } job ? ReplyShapes.Job(job) : Reply.NullBulk;

    private static ValueTask<Reply> JobScan(Session session, RespRequest args)
    {
        var options = ScanParser.ParseJobScan(args);
        if (options.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        var o = options.Value!;
        var filter = new JobScanFilter { Queue = o.Queue, States = o.States, WithBodies = o.ReplyAll };
        return Scanned(session.Node.ScanJobs(o.Cursor, o.BusyLoop ? int.MaxValue : o.Count, filter), o.ReplyAll);
    }

    private static async ValueTask<Reply> Scanned(Task<(ulong Next, JobInfo[] Jobs)> scanning, bool all)
    {
        var (next, jobs) = await scanning;
        var items = jobs.Select(j => all ? ReplyShapes.Job(j) : Reply.JobIdStatus(j.Id)).ToArray();
        return Reply.Array([Reply.Bulk(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), Reply.Array(items)]);
    }
}
