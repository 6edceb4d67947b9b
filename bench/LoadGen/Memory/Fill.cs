using System.Globalization;
using Disque.LoadGen.Connections;
using Disque.LoadGen.Cycle;
using Disque.LoadGen.Stats;

namespace Disque.LoadGen.Memory;

/// <summary>
/// Queues many jobs (pipelined ADDJOB, nobody consumes them) and reports what the server's
/// memory grew by, per queued job: resident memory (VmRSS) and the GC heap (used_memory).
/// </summary>
public static class Fill
{
    public sealed record Options(string Host, int Port, int Pid, long Jobs, int BodySize, int Connections, int Pipeline, string Queue);

    public static async Task<int> Run(Options o)
    {
        await using var info = await PipelinedConnection.Open(o.Host, o.Port);
        var probe = new ServerProbe(info, o.Pid);
        var queuedBefore = await probe.QueueLength(o.Queue);
        var before = await probe.Memory();

        var state = new CycleState(TimeSpan.Zero, window: null, budget: o.Jobs, maxBacklog: 0);
        var connections = new List<PipelinedConnection>();
        for (var i = 0; i < o.Connections; i++)
            connections.Add(await PipelinedConnection.Open(o.Host, o.Port));
        var started = DateTime.UtcNow;
        await Task.WhenAll(connections.Select(c => Task.Run(() => new Producer(c, new AddJobCommand(o.Queue, o.BodySize, "0", []), state).RunClosedLoop(o.Pipeline))));
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        foreach (var connection in connections)
            await connection.DisposeAsync();

        await Task.Delay(1000); // let the last batches settle
        var queued = await probe.QueueLength(o.Queue) - queuedBefore;
        var after = await probe.Memory();
        Console.WriteLine(Inv($"fill: {o.Jobs} ADDJOBs of {o.BodySize} B in {seconds:F1} s ({o.Jobs / seconds:F0}/s, {o.Connections} connections, pipeline {o.Pipeline}); QLEN grew by {queued}; errors: {state.Rejected}"));
        Console.WriteLine(Inv($"  before: {new MemorySample(0, before).Describe()}"));
        Console.WriteLine(Inv($"  after:  {new MemorySample(queued, after).Describe()}"));
        var rssPerJob = PerJob(before.Rss, after.Rss, queued);
        var heapPerJob = PerJob(before.Heap, after.Heap, queued);
        Console.WriteLine(Inv($"  per queued job: RSS {rssPerJob:F0} B, GC heap {heapPerJob:F0} B"));
        Console.WriteLine(Inv($"RESULT queued={queued} rss_before={before.Rss} rss_after={after.Rss} heap_before={before.Heap} heap_after={after.Heap} rss_per_job={rssPerJob:F0} heap_per_job={heapPerJob:F0} errors={state.Rejected}"));
        return queued == o.Jobs ? 0 : 1;
    }

    private static double PerJob(long? before, long? after, long jobs) =>
        before is { } b && after is { } a && jobs > 0 ? (a - b) / (double)jobs : double.NaN;

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
