using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// Three silos in three processes over a real redis-server, real TCP clients,
/// and a silo killed with SIGKILL while jobs flow: nothing accepted is lost,
/// nothing acknowledged comes back.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Killing_a_plain_silo_loses_no_job()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var traffic = new JobTraffic([a.Resp], [b.Resp], NewQueue(), "REPLICATE 2 RETRY 2");

        var report = await traffic.Run(() => { cluster.Nodes[2].Process.Kill(); return Task.CompletedTask; });

        foreach (var line in await traffic.Explain(report, cluster.Gateways.Last().Resp))
            output.WriteLine(line);
        Assert.Equal(2000, report.Accepted);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.NotAcked);
        Assert.Equal(0, report.Resurrected);
        Assert.Equal(report.Accepted, report.Delivered);
        await AssertQueueEmpty(b.RespPort, traffic);
        await using var info = await TestClient.Open(a.RespPort); // what the dashboard reads: the dead silo as dead
        await Wait.Until(async () => ((string)(await info.Call("INFO", "nodes"))!).Contains(",state=dead", StringComparison.Ordinal), what: "INFO nodes listing the killed silo as dead");
        var nodes = ((string)(await info.Call("INFO", "nodes"))!).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(2, nodes.Count(n => n.Contains(",state=up,", StringComparison.Ordinal) && !n.Contains(",resp=,", StringComparison.Ordinal)));
        Assert.Single(nodes, n => n.EndsWith(",state=dead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Killing_the_producers_gateway_loses_no_accepted_job()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var traffic = new JobTraffic([a.Resp, b.Resp], [b.Resp], NewQueue(), "REPLICATE 2 RETRY 2");

        var report = await traffic.Run(() => { a.Process.Kill(); return Task.CompletedTask; });

        foreach (var line in await traffic.Explain(report, cluster.Gateways.Last().Resp))
            output.WriteLine(line);
        Assert.InRange(report.Accepted, 1000, 2000);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.NotAcked);
        Assert.Equal(0, report.Resurrected);
        await AssertQueueEmpty(b.RespPort, traffic);
    }

    [Fact]
    public async Task At_most_once_jobs_are_never_delivered_twice_when_a_silo_dies()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var traffic = new JobTraffic([a.Resp], [b.Resp], NewQueue(), "REPLICATE 1 RETRY 0") { Deadline = TimeSpan.FromSeconds(20) };

        var report = await traffic.Run(() => { cluster.Nodes[2].Process.Kill(); return Task.CompletedTask; });

        foreach (var line in await traffic.Explain(report, cluster.Gateways.Last().Resp))
            output.WriteLine(line);
        Assert.Equal(2000, report.Accepted);
        Assert.Equal(0, report.Duplicated);
        Assert.Equal(0, report.Resurrected);
    }

    [Fact]
    public async Task An_ACK_right_after_a_copy_holder_died_is_answered_and_nothing_comes_back()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var queue = NewQueue();
        var ids = new List<object>();
        await using (var producer = await TestClient.Open(a.RespPort))
            for (var i = 0; i < 20; i++)
                ids.Add((await producer.Call("ADDJOB", queue, $"job {i}", "0", "REPLICATE", "3", "RETRY", "1"))!);

        a.Process.Kill(); // the jobs' home and one of their copies
        await using var consumer = await TestClient.Open(b.RespPort);
        // Membership takes seconds to declare the gateway dead: the ack waits for that verdict instead of failing.
        Assert.Equal(20L, await consumer.Call(["ACKJOB", .. ids]));

        Assert.Equal(0L, await consumer.Call("QLEN", queue));
        // Past RETRY no surviving copy queues one again. What shows the time has passed on the
        // stores: a canary with twice that RETRY, on the same surviving silos, delivered now and
        // left un-acked, comes back to its queue.
        var canaries = queue + "-canary";
        var canary = (string)(await consumer.Call("ADDJOB", canaries, "canary", "0", "REPLICATE", "2", "RETRY", "2"))!;
        Assert.Equal(new[] { canary }, Replies.Ids(await consumer.Call("GETJOB", "NOHANG", "FROM", canaries)));
        await Wait.Until(async () => Replies.Ids(await consumer.Call("GETJOB", "NOHANG", "FROM", canaries)).Count > 0, what: "the canary queued again after its RETRY");
        Assert.Null(await consumer.Call("GETJOB", "NOHANG", "FROM", queue));
    }

    private static async Task AssertQueueEmpty(int port, JobTraffic traffic)
    {
        await using var connection = await TestClient.Open(port);
        Assert.Equal(0L, await connection.Call("QLEN", traffic.Queue));
    }
}
