using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// What a client is promised, kept when a silo is stopped, paused or refused its writes, as a
/// user runs the cluster in production (issue 18): a rolling restart in durable mode delivers
/// every job once; a paused silo's late answer undoes no delivery made since; GETJOB answers by
/// its TIMEOUT whatever another silo does; an ADDJOB answered with an error leaves no job behind.
/// Real processes on loopback, as the other cluster tests.
/// </summary>
[Trait("Category", "Promise")]
public sealed class PromiseTests(ITestOutputHelper output)
{
    private const int RetrySeconds = 3;

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Orleans' own failure detection (about 15 s or more to declare a silo dead) instead of the tests'
    /// one-second detection: a silo paused for a few seconds is a slow silo here, not a dead one.
    /// </summary>
    private static IEnumerable<string> SlowFailureDetection(string node) => ["--Disque:FastFailureDetection=false"];

    [Fact]
    public async Task A_rolling_restart_in_durable_mode_delivers_every_job_once()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 2, _ => ["--Disque:Storage=redis"]);
        var (g1, g2, second) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        var queue = NewQueue();
        await using var consumer = await TestClient.Open(g2.Resp);
        List<string> ids;
        await using (var producer = await TestClient.Open(g1.Resp))
        {
            var adds = await producer.Pipeline([.. Enumerable.Range(0, 200).Select(i => new object[] { "ADDJOB", queue, $"job-{i}", 0, "REPLICATE", 2 })]);
            ids = [.. adds.Select(reply => Assert.IsType<string>(reply))];
        }
        Assert.Equal(200L, await consumer.Call("QLEN", queue));

        // The rolling restart: g1 stops (and hands its copies over), then a second silo, then a new silo joins.
        await g1.Process.Terminate(TimeSpan.FromSeconds(60));
        cluster.Forget(g1);
        await cluster.WaitUntilFormed();
        output.WriteLine($"g1 stopped: QLEN {await consumer.Call("QLEN", queue)}");
        await second.Process.Terminate(TimeSpan.FromSeconds(60));
        cluster.Forget(second);
        await cluster.WaitUntilFormed();
        output.WriteLine($"{second.Name} stopped: QLEN {await consumer.Call("QLEN", queue)}");
        await cluster.AddSilo("silo-new");
        var largest = await SettledLength(consumer, queue);
        output.WriteLine($"a new silo joined: QLEN at most {largest}, settled at {await consumer.Call("QLEN", queue)}");

        var deliveries = ids.ToDictionary(id => id, _ => 0);
        var unknown = 0;
        while (await consumer.Call("GETJOB", "NOHANG", "COUNT", 100, "FROM", queue) is object?[] jobs)
        {
            var got = Replies.Ids(jobs);
            foreach (var id in got)
            {
                if (deliveries.TryGetValue(id, out var times))
                    deliveries[id] = times + 1;
                else
                    unknown++;
            }
            await consumer.Call(["ACKJOB", .. got]);
        }

        var twice = deliveries.Where(d => d.Value > 1).Select(d => d.Key).ToList();
        var never = deliveries.Where(d => d.Value == 0).Select(d => d.Key).ToList();
        output.WriteLine($"{deliveries.Values.Sum()} deliveries of 200 jobs: {twice.Count} delivered more than once, {never.Count} never, {unknown} unknown ids");
        Assert.Multiple(
            () => Assert.True(largest <= 200, $"QLEN reached {largest} for 200 jobs after the rolling restart"),
            () => Assert.True(twice.Count == 0, $"{twice.Count} of 200 jobs delivered more than once after the rolling restart (the first: {string.Join(", ", twice.Take(3))})"),
            () => Assert.True(never.Count == 0, $"{never.Count} of 200 jobs never delivered after the rolling restart (the first: {string.Join(", ", never.Take(3))})"),
            () => Assert.True(unknown == 0, $"{unknown} deliveries of ids ADDJOB never returned"));
    }

    [Fact]
    public async Task A_paused_silos_late_answer_undoes_no_delivery_inside_its_RETRY()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 0, SlowFailureDetection);
        var (g1, g2) = (cluster.Nodes[0], cluster.Nodes[1]);
        await using var onG1 = await TestClient.Open(g1.Resp);
        await using var c1 = await TestClient.Open(g1.Resp);
        await using var onG2 = await TestClient.Open(g2.Resp);
        var clock = Stopwatch.StartNew();

        // Each attempt needs g2's late answer to reach g1 within c1's RETRY, which a loaded machine may delay: a few attempts, no more.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var queue = NewQueue();
            // A consumer on g2 waits a moment and gives up: g1 still counts it as waiting for a few seconds.
            Assert.Null(await onG2.Call("GETJOB", "TIMEOUT", 500, "FROM", queue));
            string id;
            TimeSpan queuedAfter;
            await g2.Process.Pause();
            try
            {
                id = (string)(await onG1.Call("ADDJOB", queue, "offered to a paused silo", 0, "REPLICATE", 1, "RETRY", RetrySeconds))!;
                if (await State(onG1, id) != "active")
                {
                    output.WriteLine($"attempt {attempt}: the job was not offered to g2 (SHOW says {await State(onG1, id)}); again");
                    continue;
                }
                // g2 answers nothing: after its RETRY the job is queued on g1 again, and c1 takes it. As in
                // Disque, the next RETRY runs from the moment it was queued again, which comes after the
                // last SHOW that still found it active was sent (not from c1's GETJOB).
                queuedAfter = clock.Elapsed;
                await Wait.Until(async () =>
                {
                    var asked = clock.Elapsed;
                    if (await State(onG1, id) == "queued")
                        return true;
                    queuedAfter = asked;
                    return false;
                }, seconds: 15, what: $"{id} queued again after its RETRY of {RetrySeconds} s");
                Assert.Equal(new[] { id }, Replies.Ids(await c1.Call("GETJOB", "NOHANG", "FROM", queue)));
            }
            finally
            {
                await g2.Process.Resume();
            }

            // Until c1's RETRY runs out, the job is c1's: g2's late "not taken" must not queue it again.
            // The job was queued again after queuedAfter, so its RETRY runs out no sooner than this; what a
            // reply shows after that proves nothing either way.
            var retryRunsOut = queuedAfter + TimeSpan.FromSeconds(RetrySeconds);
            var heardFromG2 = false;
            var checkedAfter = false;
            while (clock.Elapsed < retryRunsOut - TimeSpan.FromMilliseconds(200))
            {
                var state = await State(onG1, id);
                var at = clock.Elapsed;
                Assert.True(state != "queued" || at >= retryRunsOut, $"{id} is queued again {(at - queuedAfter).TotalSeconds:F1} s after the queueing c1 took it from, inside its RETRY of {RetrySeconds} s (g2 resumed after its pause)");
                checkedAfter |= heardFromG2 && at < retryRunsOut;
                // g1's NOHANG asks g2 once its own queue is empty: an answer means g2 answered what it was sent before, the offer included.
                var again = Replies.Ids(await onG1.Call("GETJOB", "NOHANG", "FROM", queue));
                at = clock.Elapsed;
                Assert.True(!again.Contains(id) || at >= retryRunsOut, $"{id} delivered again {(at - queuedAfter).TotalSeconds:F1} s after the queueing c1 took it from, inside its RETRY of {RetrySeconds} s (g2 resumed after its pause)");
                heardFromG2 |= at < retryRunsOut;
            }
            if (checkedAfter)
            {
                output.WriteLine($"attempt {attempt}: g2 answered inside c1's RETRY, and {id} stayed c1's");
                return;
            }
            output.WriteLine($"attempt {attempt}: g2 did not answer inside c1's RETRY; again");
        }
        Assert.Fail("In 3 attempts, g2 never answered within c1's RETRY after its pause: nothing was shown either way.");
    }

    [Fact]
    public async Task GETJOB_answers_by_its_TIMEOUT_while_another_silo_hangs()
    {
        var timeoutBound = TimeSpan.FromSeconds(15);
        var noHangBound = TimeSpan.FromSeconds(3);
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 0, SlowFailureDetection);
        var (g1, g2) = (cluster.Nodes[0], cluster.Nodes[1]);
        var queue = NewQueue();
        await using var consumer = await TestClient.Open(g1.Resp);
        await using var producer = await TestClient.Open(g1.Resp);
        await using var hurried = await TestClient.Open(g1.Resp);
        Assert.Equal("OK", await consumer.Call("CLIENT", "SETNAME", "blocked-consumer"));

        await g2.Process.Pause();
        try
        {
            var blocking = Timed(() => consumer.Call("GETJOB", "TIMEOUT", 10_000, "FROM", queue), timeoutBound);
            await Wait.Until(async () => ((string)(await producer.Call("CLIENT", "LIST"))!).Split('\n')
                .Any(c => c.Contains("name=blocked-consumer ", StringComparison.Ordinal) && c.Contains("cmd=getjob", StringComparison.Ordinal)), what: "the consumer's GETJOB under way");
            // A job for g1's own queue, its only copy on g1: nothing about it needs g2.
            var id = (string)(await producer.Call("ADDJOB", queue, "for g1's own consumer", 0, "REPLICATE", 1).WaitAsync(TimeSpan.FromSeconds(5)))!;
            var noHang = await Timed(() => hurried.Call("GETJOB", "NOHANG", "FROM", NewQueue()), noHangBound);
            var blocked = await blocking;
            output.WriteLine($"GETJOB NOHANG: {(noHang.Answered ? $"answered in {noHang.Took.TotalSeconds:F1} s" : "no answer")}; GETJOB TIMEOUT 10000: {(blocked.Answered ? $"answered in {blocked.Took.TotalSeconds:F1} s" : "no answer")}");

            Assert.Multiple(
                () => Assert.True(noHang.Answered, $"GETJOB NOHANG on g1 had not answered {noHangBound.TotalSeconds} s after it was sent, while g2 was paused"),
                () => Assert.True(blocked.Answered, $"GETJOB TIMEOUT 10000 on g1 had not answered {timeoutBound.TotalSeconds} s after it was sent, while g2 was paused and {id} waited in g1's own queue"),
                () => Assert.True(!blocked.Answered || Replies.Ids(blocked.Reply).SequenceEqual([id]), $"GETJOB TIMEOUT 10000 on g1 answered {Describe(blocked.Reply)}, not {id}, which waited in g1's own queue"));
        }
        finally
        {
            await g2.Process.Resume();
        }
    }

    [Fact]
    public async Task An_ADDJOB_the_journal_refused_answers_an_error_and_leaves_no_job()
    {
        var journalAt = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        await using var journal = await LocalCluster.StartRedis("journal", journalAt);
        await using var cluster = await LocalCluster.Start(gateways: 1, silos: 0, _ => ["--Disque:Storage=redis", $"--Disque:StorageConnection={journalAt}"]);
        var queue = NewQueue();
        await using var consumer = await TestClient.Open(cluster.Nodes[0].Resp);
        await using var producer = await TestClient.Open(cluster.Nodes[0].Resp);
        var waiting = consumer.Call("GETJOB", "TIMEOUT", 8_000, "FROM", queue);
        await Wait.Until(async () => Replies.Field(await producer.Call("QSTAT", queue), "blocked") is 1L, what: "the consumer blocked on the queue");

        await using (var redis = await TestClient.Open(journalAt))
        {
            Assert.Equal("OK", await redis.Call("CONFIG", "SET", "maxmemory-policy", "noeviction"));
            Assert.Equal("OK", await redis.Call("CONFIG", "SET", "maxmemory", 1));
            await Assert.ThrowsAsync<RespError>(() => redis.Call("SET", "probe", "refused"));
        }

        // With a consumer blocked on the queue, then without one.
        var withConsumer = (await producer.Pipeline([["ADDJOB", queue, "refused by the journal", 0]]))[0];
        var delivered = await waiting.WaitAsync(TimeSpan.FromSeconds(20)); // at its TIMEOUT, unless a job came
        var lengthThen = await producer.Call("QLEN", queue);
        var takenThen = await producer.Call("GETJOB", "NOHANG", "FROM", queue);
        var withoutConsumer = (await producer.Pipeline([["ADDJOB", queue, "refused by the journal, nobody waiting", 0]]))[0];
        var lengthAfter = await producer.Call("QLEN", queue);
        var takenAfter = await producer.Call("GETJOB", "NOHANG", "FROM", queue);

        Assert.Multiple(
            () => Assert.True(withConsumer is RespError, $"ADDJOB with the journal refusing writes answered {Describe(withConsumer)}, not an error"),
            () => Assert.True(delivered is null, $"ADDJOB answered {Describe(withConsumer)}, yet the consumer blocked on the queue received {Describe(delivered)}"),
            () => Assert.True(lengthThen is 0L, $"ADDJOB answered {Describe(withConsumer)}, yet QLEN is {lengthThen}"),
            () => Assert.True(takenThen is null, $"ADDJOB answered {Describe(withConsumer)}, yet GETJOB NOHANG got {Describe(takenThen)}"),
            () => Assert.True(withoutConsumer is RespError, $"ADDJOB with nobody waiting and the journal refusing writes answered {Describe(withoutConsumer)}, not an error"),
            () => Assert.True(lengthAfter is 0L, $"ADDJOB with nobody waiting answered {Describe(withoutConsumer)}, yet QLEN is {lengthAfter}"),
            () => Assert.True(takenAfter is null, $"ADDJOB with nobody waiting answered {Describe(withoutConsumer)}, yet GETJOB NOHANG got {Describe(takenAfter)}"));
    }

    private static async Task<string?> State(TestClient client, string id) => Replies.Field(await client.Call("SHOW", id), "state") as string;

    /// <summary>A reply as a failure message shows it.</summary>
    private static string Describe(object? reply) => reply switch
    {
        null => "null",
        RespError error => $"-{error.Message}",
        object?[] items => $"[{string.Join(", ", items.Select(Describe))}]",
        _ => $"{reply}",
    };

    /// <summary>A call given <paramref name="bound"/> to answer: whether it did, its reply, and how long it took (the bound, if it did not).</summary>
    private static async Task<(bool Answered, object? Reply, TimeSpan Took)> Timed(Func<Task<object?>> call, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var answer = call();
        if (await Task.WhenAny(answer, Task.Delay(bound)) != answer)
            return (false, null, clock.Elapsed);
        return (true, await answer, clock.Elapsed);
    }

    /// <summary>
    /// QLEN read until it has not changed for 5 s (recovery after a membership change runs on
    /// the stores' own time, and nothing outside says when it is done); the largest value seen.
    /// </summary>
    private static async Task<long> SettledLength(TestClient client, string queue)
    {
        var quiet = TimeSpan.FromSeconds(5);
        long largest = 0, last = -1;
        var unchanged = Stopwatch.StartNew();
        await Wait.Until(async () =>
        {
            var length = (long)(await client.Call("QLEN", queue))!;
            largest = Math.Max(largest, length);
            if (length != last)
            {
                last = length;
                unchanged.Restart();
            }
            return unchanged.Elapsed >= quiet;
        }, seconds: 40, what: $"QLEN of {queue} unchanged for {quiet.TotalSeconds} s");
        return largest;
    }
}
