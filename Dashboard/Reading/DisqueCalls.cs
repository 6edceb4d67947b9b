using Disque.Client;
using Disque.Client.Protocol;
using Disque.Client.Resp;

namespace Disque.Dashboard.Reading;

/// <summary>
/// Everything the dashboard asks of Disque, each a command to its own server:
/// INFO nodes, QSCAN and QSTAT, QPEEK and SHOW, JSCAN.
/// </summary>
internal sealed class DisqueCalls(DashboardConnection connection)
{
    /// <summary>More queues than this are not listed (nor sampled): a page of a dashboard, not an export.</summary>
    public const int MaxQueues = 1000;

    /// <summary>The typed client, for the commands that carry bodies (ADDJOB, GETJOB): binary safe.</summary>
    public DisqueClient Client => connection.Client;

    /// <summary>INFO nodes: every silo of the cluster.</summary>
    public async Task<IReadOnlyList<NodeRow>> Nodes(CancellationToken cancellation) =>
        NodeRow.ParseInfo(DisqueReplies.Checked(await Run(["INFO", "nodes"], cancellation).ConfigureAwait(false)).Text ?? "");

    /// <summary>QSCAN to its end (or <see cref="MaxQueues"/>): the queues' names, sorted.</summary>
    public async Task<IReadOnlyList<string>> QueueNames(CancellationToken cancellation)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var cursor = "0";
        do
        {
            var reply = DisqueReplies.Checked(await Run(["QSCAN", cursor, "COUNT", "200"], cancellation).ConfigureAwait(false));
            cursor = reply.Items[0].Text ?? "0";
            names.UnionWith(reply.Items[1].Items.Select(i => i.Text ?? ""));
        }
        while (cursor != "0" && names.Count < MaxQueues);
        return [.. names.Take(MaxQueues)];
    }

    public Task<QueueDetails?> QStat(string queue, CancellationToken cancellation) => Client.QStatAsync(queue, cancellation);

    /// <summary>When the oldest job queued was created (QPEEK 1, then SHOW); null when none is queued.</summary>
    public async Task<DateTimeOffset?> OldestQueued(string queue, CancellationToken cancellation)
    {
        var first = await Client.QPeekAsync(queue, 1, cancellation).ConfigureAwait(false);
        if (first.Count == 0)
            return null;
        return await Client.ShowAsync(first[0].Id, cancellation).ConfigureAwait(false) is { } job ? JobTimes.Created(job) : null;
    }

    /// <summary>SHOW, once: the job as Disque.Client reads it, and the fields of issue 21 it does not read (null when the job has none).</summary>
    public async Task<(JobDetails? Job, JobCoordination? Coordination)> Show(string id, CancellationToken cancellation)
    {
        var reply = await Run(["SHOW", id], cancellation).ConfigureAwait(false);
        return (DisqueReplies.Show(reply), JobCoordination.Of(DisqueReplies.Fields(reply)));
    }

    /// <summary>JSCAN cursor COUNT n QUEUE q [STATE s] REPLY all: one page of a queue's jobs (in one state, or in any), and the cursor of the next.</summary>
    public async Task<(string Next, IReadOnlyList<JobDetails> Jobs)> Jobs(string queue, string? state, string cursor, int count, CancellationToken cancellation)
    {
        string[] inState = state is null ? [] : ["STATE", state];
        var reply = DisqueReplies.Checked(await Run(["JSCAN", cursor, "COUNT", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "QUEUE", queue, .. inState, "REPLY", "all"], cancellation).ConfigureAwait(false));
        var jobs = reply.Items[1].Items.Select(DisqueReplies.Show).OfType<JobDetails>().ToList();
        return (reply.Items[0].Text ?? "0", jobs);
    }

    /// <summary>Any command, its reply as the server gave it (an error reply included).</summary>
    public Task<RespValue> Run(IReadOnlyList<string> command, CancellationToken cancellation) => Client.ExecuteAsync(command, cancellation);
}
