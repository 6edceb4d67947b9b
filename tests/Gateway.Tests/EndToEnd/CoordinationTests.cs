namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>Ours (issue 21) over TCP: ADDJOB UNIQUE and UNIQUEFOR, WAITJOB, AFTER's refusals, with their texts.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CoordinationTests(GatewayFixture gateway)
{
    [Fact]
    public async Task UNIQUE_answers_the_live_holder_until_its_ACK()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var key = "invoice-" + Guid.NewGuid().ToString("N");

        var first = await db.AddJob(queue, "a", "UNIQUE", key);
        Assert.Equal(first, await db.AddJob(queue, "b", "UNIQUE", key, "TTL", 100));
        Assert.Equal(1, (long)await db.Run("QLEN", queue));
        var shown = await db.Show(first);
        Assert.Equal(key, (string)shown["unique-key"]!);
        Assert.Equal(0, (long)shown["unique-for"]);

        Assert.Equal(1, (long)await db.Run("ACKJOB", first));
        Assert.NotEqual(first, await db.AddJob(queue, "c", "UNIQUE", key));
    }

    [Fact]
    public async Task Bad_coordination_options_get_clear_errors()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var known = await db.AddJob(queue, "a");

        Assert.Equal("ERR UNIQUE key must be 1 to 256 bytes", await db.ErrorOf("ADDJOB", queue, "b", 0, "UNIQUE", new string('k', 257)));
        Assert.Equal("ERR UNIQUEFOR must be between 0 and 2592000 seconds, after UNIQUE", await db.ErrorOf("ADDJOB", queue, "b", 0, "UNIQUEFOR", 10));
        Assert.Equal("ERR ONFAIL must be CANCEL or QUEUE, after AFTER", await db.ErrorOf("ADDJOB", queue, "b", 0, "AFTER", known, "ONFAIL", "maybe"));
        Assert.Equal("BADID Invalid Job ID format.", await db.ErrorOf("ADDJOB", queue, "b", 0, "AFTER", "nope"));
        Assert.Equal("ERR AFTER needs 1 to 1000 comma-separated job IDs", await db.ErrorOf("ADDJOB", queue, "b", 0, "AFTER", known + ","));
        await db.Run("DELJOB", known);
        Assert.Equal("ERR AFTER names a job that already failed (dead letter, expired or deleted)", await db.ErrorOf("ADDJOB", queue, "b", 0, "AFTER", known));
        Assert.Equal("BADID Invalid Job ID format.", await db.ErrorOf("WAITJOB", "nope"));
        Assert.Equal("ERR timeout is not an integer or out of range", await db.ErrorOf("WAITJOB", known, "TIMEOUT", "soon"));
    }

    [Fact]
    public async Task WAITJOB_blocks_until_each_job_ended_and_says_how()
    {
        await using var waiter = await gateway.Connect();
        await using var worker = await gateway.Connect();
        var db = worker.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var (acked, deleted) = (await db.AddJob(queue, "a"), await db.AddJob(queue, "b"));

        var waiting = waiter.GetDatabase().Run("WAITJOB", acked, deleted, "TIMEOUT", 10000);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await db.Run("ACKJOB", acked);
        await db.Run("DELJOB", deleted);

        Assert.Equal(["acked", "deleted"], (string[])(await waiting.WaitAsync(TimeSpan.FromSeconds(10)))!);
        var pending = await db.AddJob(queue, "c");
        Assert.Equal(["pending"], (string[])(await db.Run("WAITJOB", pending, "TIMEOUT", 100))!);
    }

    [Fact]
    public async Task BATCH_queues_its_follow_up_once_every_job_is_acked_and_SHOW_tells_what_it_waits_for()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var (work, done) = (DisqueCalls.NewQueue(), DisqueCalls.NewQueue());
        var (a, b) = (await db.AddJob(work, "a"), await db.AddJob(work, "b"));

        var followUp = (string)(await db.Run("BATCH", "invoices", a, b, "THEN", done, "all done", 0, "TTL", 100))!;
        var shown = await db.Show(followUp);
        Assert.Equal(("active", "invoices"), ((string)shown["state"]!, (string)shown["batch"]!));
        Assert.Equal([a, b], (string[])shown["waits-for"]!);
        Assert.Equal("ERR BATCH needs at least one job ID before THEN", await db.ErrorOf("BATCH", "empty", "THEN", done, "x", 0));

        await db.Run("ACKJOB", a, b);
        await DisqueCalls.Eventually(async () => (long)await db.Run("QLEN", done) == 1);
        Assert.Empty((string[])(await db.Show(followUp))["waits-for"]!);
    }
}
