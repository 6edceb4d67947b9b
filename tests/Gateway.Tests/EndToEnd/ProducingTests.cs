namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>ADDJOB over TCP: every option, every refusal, with Disque's texts.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProducingTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Options_shape_the_job()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var id = await db.AddJob(DisqueCalls.NewQueue(), "b", "TTL", 100, "RETRY", 7, "REPLICATE", 1, "ASYNC");

        Assert.EndsWith("-0001", id);
        var job = await db.Show(id);
        Assert.Equal(7, (long)job["retry"]);
        Assert.InRange((long)job["ttl"], 98, 100);
        Assert.Equal(1, (long)job["repl"]);
    }

    [Fact]
    public async Task At_most_once_ids_end_with_an_even_suffix()
    {
        await using var redis = await gateway.Connect();
        var id = await redis.GetDatabase().AddJob(DisqueCalls.NewQueue(), "b", "RETRY", 0);

        Assert.EndsWith("-05a0", id);
    }

    [Fact]
    public async Task A_delayed_job_is_queued_when_its_delay_ends()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "later", "DELAY", 1);

        Assert.Equal(0, (long)await db.Run("QLEN", queue));
        Assert.Equal("active", (string)(await db.Show(id))["state"]!);
        await DisqueCalls.Eventually(async () => (long)await db.Run("QLEN", queue) == 1);
        Assert.Equal(id, (await db.GetJobs("NOHANG", "FROM", queue)).Single()[1]);
    }

    [Fact]
    public async Task MAXLEN_refuses_a_job_once_the_queue_is_that_long()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        await db.AddJob(queue, "1", "MAXLEN", 2);
        await db.AddJob(queue, "2", "MAXLEN", 2);

        Assert.Equal("MAXLEN Queue is already longer than the specified MAXLEN count", await db.ErrorOf("ADDJOB", queue, "3", 0, "MAXLEN", 2));
        Assert.Equal(2, (long)await db.Run("QLEN", queue));
    }

    [Fact]
    public async Task A_queue_paused_in_refuses_jobs()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        Assert.Equal("in", (string)(await db.Run("PAUSE", queue, "in"))!);

        Assert.Equal("PAUSED Queue paused in input, try later", await db.ErrorOf("ADDJOB", queue, "x", 0));
        Assert.Equal("none", (string)(await db.Run("PAUSE", queue, "none"))!);
        await db.AddJob(queue, "x");
    }

    [Theory]
    [InlineData("NOREPL Not enough reachable nodes for the requested replication level", "REPLICATE", 2)]
    [InlineData("ERR With RETRY set to 0 please explicitly set  REPLICATE to 1 (at-most-once delivery)", "RETRY", 0, "REPLICATE", 2)]
    [InlineData("ERR The specified DELAY is greater than TTL. Job refused since would never be delivered", "DELAY", 10, "TTL", 10)]
    [InlineData("ERR REPLICATE must be between 1 and 65535", "REPLICATE", 0)]
    [InlineData("ERR TTL must be a number > 0", "TTL", -1)]
    [InlineData("ERR RETRY time must be a non negative number", "RETRY", "x")]
    [InlineData("ERR DELAY time must be a non negative number", "DELAY", -1)]
    [InlineData("ERR MAXLEN must be a positive number", "MAXLEN", 0)]
    [InlineData("ERR syntax error", "FOO")]
    public async Task Refusals_use_Disque_texts(string error, params object[] options)
    {
        await using var redis = await gateway.Connect();

        Assert.Equal(error, await redis.GetDatabase().ErrorOf("ADDJOB", ["q", "b", 0, .. options]));
    }

    [Fact]
    public async Task Bad_timeouts_and_arity_use_Disque_texts()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();

        Assert.Equal("ERR timeout is not an integer or out of range", await db.ErrorOf("ADDJOB", "q", "b", "soon"));
        Assert.Equal("ERR timeout is negative", await db.ErrorOf("ADDJOB", "q", "b", -5));
        Assert.Equal("ERR wrong number of arguments for 'addjob' command", await db.ErrorOf("ADDJOB", "q", "b"));
    }

    [Fact]
    public async Task Redis_cli_sees_the_id_as_a_status_reply()
    {
        var queue = DisqueCalls.NewQueue();
        var id = await gateway.Cli("ADDJOB", queue, "from the shell", "0");

        Assert.Matches("^D-[0-9a-f]{8}-.{24}-05a1$", id);
        Assert.Equal($"{queue}\n{id}\nfrom the shell", await gateway.Cli("GETJOB", "NOHANG", "FROM", queue));
        Assert.Equal("1", await gateway.Cli("ACKJOB", id));
    }
}
