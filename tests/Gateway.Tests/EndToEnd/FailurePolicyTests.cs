namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>Ours, beyond Disque, over TCP: the failure policy, dead letters, verdicts and priorities.</summary>
[Collection(GatewayCollection.Name)]
public sealed class FailurePolicyTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_job_that_keeps_failing_ends_in_its_dead_letter_queue_with_its_history_and_REVIVE_brings_it_back()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "invoice 7", "MAXDELIVERIES", 2, "RETRY", 60);

        for (var delivery = 1; delivery <= 2; delivery++)
        {
            Assert.Equal(id, (await db.GetJobs("NOHANG", "FROM", queue)).Single()[1]);
            Assert.Equal(1, (long)await db.Run("NACKJOB", id, "REASON", $"smtp timeout {delivery}"));
        }

        var dead = await db.Show(id);
        Assert.Equal($"{queue}:dead", (string)dead["queue"]!);
        Assert.Equal(queue, (string)dead["dead-from"]!);
        Assert.Equal("max-deliveries", (string)dead["dead-reason"]!);
        Assert.Equal("smtp timeout 2", (string)dead["last-failure"]!);
        Assert.Equal(2, (long)dead["deliveries"]);
        Assert.Empty(await db.GetJobs("NOHANG", "FROM", queue));

        Assert.Equal(1, (long)await db.Run("REVIVE", id));
        var back = await db.Show(id);
        Assert.Equal((queue, 0L), ((string)back["queue"]!, (long)back["deliveries"]));
        Assert.True(back["dead-from"].IsNull);
        Assert.Equal(id, (await db.GetJobs("NOHANG", "FROM", queue)).Single()[1]);
    }

    [Fact]
    public async Task FAILJOB_sends_a_job_to_the_queue_it_names_and_REVIVE_QUEUE_takes_them_all_home()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var (queue, graveyard) = (DisqueCalls.NewQueue(), DisqueCalls.NewQueue("graveyard"));
        var ids = new[] { await db.AddJob(queue, "a", "DEADLETTER", graveyard), await db.AddJob(queue, "b", "DEADLETTER", graveyard) };
        Assert.Equal(2, (await db.GetJobs("NOHANG", "COUNT", 2, "FROM", queue)).Length);

        Assert.Equal(2, (long)await db.Run("FAILJOB", ids[0], ids[1], "REASON", "malformed"));
        Assert.Equal(2, (long)await db.Run("QLEN", graveyard));
        Assert.Equal("malformed", (string)(await db.Show(ids[0]))["last-failure"]!);

        Assert.Equal(2, (long)await db.Run("REVIVE", "QUEUE", graveyard));
        Assert.Equal(2, (long)await db.Run("QLEN", queue));
    }

    [Fact]
    public async Task NACKJOB_with_a_DELAY_keeps_the_job_away_until_then()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "x");
        await db.GetJobs("FROM", queue);

        Assert.Equal(1, (long)await db.Run("NACKJOB", id, "DELAY", 1));

        Assert.Empty(await db.GetJobs("NOHANG", "FROM", queue));
        Assert.Equal(id, (await db.GetJobs("TIMEOUT", 10_000, "FROM", queue)).Single()[1]);
        Assert.Equal(1, (long)(await db.Show(id))["nacks"]);
    }

    [Fact]
    public async Task GETJOB_serves_the_most_urgent_job_first()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        await db.AddJob(queue, "plain");
        await db.AddJob(queue, "urgent", "PRIORITY", 10);
        await db.AddJob(queue, "soon", "PRIORITY", 5);

        var bodies = (await db.GetJobs("NOHANG", "COUNT", 3, "FROM", queue)).Select(j => j[2]);

        Assert.Equal(["urgent", "soon", "plain"], bodies);
    }

    [Fact]
    public async Task A_plain_job_shows_exactly_Disques_fields()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var id = await db.AddJob(DisqueCalls.NewQueue(), "x");

        Assert.Equal(15, (await db.Show(id)).Count);
        var extended = await db.Show(await db.AddJob(DisqueCalls.NewQueue(), "x", "PRIORITY", 1));
        Assert.Equal(1, (long)extended["priority"]);
        Assert.True(extended.Count > 15);
    }

    [Theory]
    [InlineData("ERR PRIORITY must be between 0 and 1000", "PRIORITY", "-1")]
    [InlineData("ERR BACKOFF needs a base of at least 1 second and a cap not below its base (at most a year)", "BACKOFF", "10", "5")]
    [InlineData("ERR MAXDELIVERIES must be between 1 and 1000000", "MAXDELIVERIES", "0")]
    public async Task Bad_options_get_clear_errors(string error, params string[] options)
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.Equal(error, await db.ErrorOf("ADDJOB", ["q", "b", 0, .. options]));
        Assert.Equal("ERR DEADLETTER must name a queue other than the job's own", await db.ErrorOf("ADDJOB", "q", "b", 0, "DEADLETTER", "q"));
    }
}
