using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>
/// Ours, beyond Disque (issue 21): WAITJOB blocks, as GETJOB does, until each job named ended, and
/// answers how, one word per id in the order given: <c>acked</c>, <c>deleted</c>, <c>expired</c>,
/// <c>dead</c> (dead-lettered), <c>unknown</c> (no node holds nor remembers it), or <c>pending</c>
/// when TIMEOUT came first. Named as Disque names its job commands (GETJOB, ACKJOB).
/// BATCH name id... THEN queue body ms-timeout [options]: a follow-up job queued once the batch's jobs are acked.
/// </summary>
public static class CoordinationCommands
{
    public static IEnumerable<Command> All { get; } =
    [
        new("WAITJOB", -2, "r", WaitJob) { Extension = true },
        new("BATCH", -6, "wm", Batch) { Extension = true },
    ];

    /// <summary>BATCH: the follow-up job's id, as ADDJOB answers it; queued once every job of the batch is acked (ONFAIL as ADDJOB's).</summary>
    private static async ValueTask<Reply> Batch(Session session, RespRequest args)
    {
        var spec = BatchParser.Parse(args);
        if (spec.Error is { } error)
            return Reply.Error(error);
        var added = await session.Node.AddJob(spec.Value!);
        return added.Error is { } refused ? Reply.Error(refused) : Reply.JobIdStatus(added.Value);
    }

    private static ValueTask<Reply> WaitJob(Session session, RespRequest args)
    {
        var parsed = WaitJobParser.Parse(args);
        if (parsed.Error is { } error)
            return ValueTask.FromResult(Reply.Error(error));
        var (ids, timeoutMs) = parsed.Value;
        var waiting = session.Node.WaitJobs(ids, timeoutMs, session.Closed);
        if (waiting.IsCompleted)
            return ValueTask.FromResult(Ends(waiting.Result));
        session.Blocked = true;
        return Waited(waiting, session);
    }

    private static async ValueTask<Reply> Waited(Task<JobEnd[]> waiting, Session session)
    {
        try
        {
            return Ends(await waiting);
        }
        finally
        {
            session.Blocked = false;
        }
    }

    private static Reply Ends(JobEnd[] ends) => Reply.Array([.. ends.Select(e => Reply.Bulk(e.Name()))]);
}
