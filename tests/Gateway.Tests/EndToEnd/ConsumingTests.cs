using System.Diagnostics;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>GETJOB, ACKJOB, FASTACK, NACK, WORKING, and the timers behind them, over TCP.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsumingTests(GatewayFixture gateway)
{
    [Fact]
    public async Task NOHANG_on_an_empty_queue_and_a_TIMEOUT_answer_null()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.True((await db.Run("GETJOB", "NOHANG", "FROM", DisqueCalls.NewQueue())).IsNull);
        var started = DateTime.UtcNow;
        Assert.True((await db.Run("GETJOB", "TIMEOUT", 300, "FROM", DisqueCalls.NewQueue())).IsNull);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task COUNT_takes_jobs_one_per_queue_per_round()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var (a, b) = (DisqueCalls.NewQueue("a"), DisqueCalls.NewQueue("b"));
        var a1 = await db.AddJob(a, "a1");
        var a2 = await db.AddJob(a, "a2");
        var b1 = await db.AddJob(b, "b1");
        var b2 = await db.AddJob(b, "b2");

        var jobs = await db.GetJobs("COUNT", 3, "FROM", a, b);

        Assert.Equal([a1, b1, a2], jobs.Select(j => j[1]));
        Assert.Equal([b2], (await db.GetJobs("COUNT", 10, "FROM", a, b)).Select(j => j[1]));
    }

    [Fact]
    public async Task WITHCOUNTERS_shows_nacks_and_additional_deliveries()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "b");
        await db.GetJobs("FROM", queue);
        Assert.Equal(1, (long)await db.Run("NACK", id));

        var job = (await db.GetJobs("WITHCOUNTERS", "FROM", queue)).Single();

        Assert.Equal([queue, id, "b", "nacks", "1", "additional-deliveries", "0"], job);
    }

    [Fact]
    public async Task An_unacked_job_comes_back_after_RETRY_counting_an_additional_delivery()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "b", "RETRY", 1);
        Assert.Equal(id, (await db.GetJobs("FROM", queue)).Single()[1]);
        Assert.Equal("active", (string)(await db.Show(id))["state"]!);

        var again = (await db.GetJobs("TIMEOUT", 10_000, "WITHCOUNTERS", "FROM", queue)).Single();

        Assert.Equal([queue, id, "b", "nacks", "0", "additional-deliveries", "1"], again);
        Assert.Equal(1, (long)await db.Run("ACKJOB", id));
    }

    [Fact]
    public async Task An_at_most_once_job_is_never_delivered_twice()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "once", "RETRY", 0, "TTL", 30);
        Assert.Single(await db.GetJobs("FROM", queue));

        Assert.Empty(await db.GetJobs("TIMEOUT", 2500, "FROM", queue));
        Assert.Equal(0, (long)await db.Run("NACK", id)); // Disque refuses to queue it again
        Assert.Equal(0, (long)await db.Run("ENQUEUE", id));
        Assert.Empty(await db.GetJobs("NOHANG", "FROM", queue));
    }

    [Fact]
    public async Task A_job_is_gone_everywhere_after_its_TTL()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "short lived", "TTL", 1);

        await DisqueCalls.Eventually(async () => (await db.Run("SHOW", id)).IsNull);
        Assert.Equal(0, (long)await db.Run("QLEN", queue));
    }

    [Fact]
    public async Task ACKJOB_counts_the_jobs_it_knew()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var a = await db.AddJob(queue, "a");
        var b = await db.AddJob(queue, "b");
        var unknown = "D-00000000-ILsYWGIQEDCvrxGBgYKJCY1E-05a1";

        Assert.Equal(2, (long)await db.Run("ACKJOB", a, b, a, unknown));
        Assert.Equal(0, (long)await db.Run("ACKJOB", a));
        Assert.Equal(0, (long)await db.Run("QLEN", queue)); // acked while queued: out of the queue too
        Assert.Equal(0, (long)await db.Run("ACKJOB"));
        Assert.Equal("BADID Invalid Job ID format.", await db.ErrorOf("ACKJOB", a, "not-an-id"));
    }

    [Fact]
    public async Task FASTACK_deletes_without_bookkeeping()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "a");

        Assert.Equal(1, (long)await db.Run("FASTACK", id));
        Assert.True((await db.Run("SHOW", id)).IsNull);
        Assert.Equal(0, (long)await db.Run("FASTACK", id));
    }

    [Fact]
    public async Task NACK_queues_an_active_job_again_at_once()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "a");
        Assert.Equal(0, (long)await db.Run("NACK", id)); // still queued: nothing to do
        await db.GetJobs("FROM", queue);

        Assert.Equal(1, (long)await db.Run("NACK", id));
        Assert.Equal(1, (long)(await db.Show(id))["nacks"]);
        Assert.Equal("queued", (string)(await db.Show(id))["state"]!);
    }

    [Fact]
    public async Task WORKING_postpones_the_next_delivery_by_RETRY()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "a", "RETRY", 2);
        await db.GetJobs("FROM", queue);

        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(700);
            Assert.Equal(2, (long)await db.Run("WORKING", id));
        }

        Assert.Equal("active", (string)(await db.Show(id))["state"]!); // 2.8 s after delivery, still not queued again
        Assert.Equal("NOJOB Job not known in the context of this node.", await db.ErrorOf("WORKING", "D-00000000-ILsYWGIQEDCvrxGBgYKJCY1E-05a1"));
        Assert.Equal("BADID Invalid Job ID format.", await db.ErrorOf("WORKING", "nope"));
    }

    [Fact]
    public async Task WORKING_is_refused_after_half_the_TTL()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var clock = Stopwatch.StartNew();
        var id = await db.AddJob(DisqueCalls.NewQueue(), "a", "TTL", 2, "RETRY", 1);
        string? refused = null;

        // Accepted while half the TTL is still ahead, then refused.
        await DisqueCalls.Eventually(async () => (refused = await db.RefusalOf("WORKING", id)) is not null);

        Assert.Equal("TOOLATE Half of job TTL already elapsed, you are no longer allowed to postpone the next delivery.", refused);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"refused {clock.Elapsed} after ADDJOB, before half its TTL");
    }

    [Theory]
    [InlineData("ERR COUNT must be a number greater than zero", "COUNT", 0, "FROM", "q")]
    [InlineData("ERR timeout is not an integer or out of range", "TIMEOUT", "x", "FROM", "q")]
    [InlineData("ERR syntax error", "NOHANG")]
    [InlineData("ERR syntax error", "FROM")]
    public async Task Bad_GETJOBs_use_Disque_texts(string error, params object[] args)
    {
        await using var redis = await gateway.Connect();

        Assert.Equal(error, await redis.GetDatabase().ErrorOf("GETJOB", args));
    }
}
