namespace Disque.Node;

/// <summary>DEBUG FLUSHALL and CLUSTER RESET: every job and every queue of the cluster goes, as from a fresh start.</summary>
public sealed partial class DisqueNode
{
    private const int FlushBatch = 1_000;

    /// <summary>Deletes every job with its copies, then forgets every queue (blocked consumers get nothing).</summary>
    public async Task Flush()
    {
        var cursor = 0UL;
        do
        {
            var (next, jobs) = await ScanJobs(cursor, FlushBatch, new JobScanFilter());
            if (jobs.Length > 0)
                await Delete([.. jobs.Select(j => j.Id)]);
            cursor = next;
        }
        while (cursor != 0);
        // Every silo must answer and flush: a failure is the command's failure.
        var queues = await Task.WhenAll(_cluster.Alive.Select(silo => _cluster.Store(silo).LocalQueues(long.MinValue, long.MaxValue)));
        await Task.WhenAll(_cluster.Alive.Select(silo => _cluster.Store(silo).Flush()));
        await Task.WhenAll(queues.SelectMany(q => q).Distinct().Select(name => Queue(name).Forget()));
    }
}
