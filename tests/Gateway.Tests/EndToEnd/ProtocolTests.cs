namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>What a broken client does to its own connection, and to nobody else's.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProtocolTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("*1\r\n$-9\r\n", "-ERR Protocol error: invalid bulk length")]
    [InlineData("*x\r\n", "-ERR Protocol error: invalid multibulk length")]
    [InlineData("*1\r\n:5\r\n", "-ERR Protocol error: expected '$', got ':'")]
    [InlineData("GET \"open\r\n", "-ERR Protocol error: unbalanced quotes in request")]
    public async Task A_protocol_error_is_answered_and_closes_only_that_connection(string garbage, string error)
    {
        await using var bystander = await gateway.Connect();
        var queue = DisqueCalls.NewQueue();
        var id = await bystander.GetDatabase().AddJob(queue, "keep me");
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("PING\r\n" + garbage);

        Assert.Equal("+PONG", await client.ReadReply());
        Assert.Equal(error, await client.ReadReply());
        Assert.True(await client.IsClosed());
        Assert.Equal("PONG", (string)(await bystander.GetDatabase().Run("PING"))!);
        Assert.Equal(id, (await bystander.GetDatabase().GetJobs("NOHANG", "FROM", queue)).Single()[1]);
    }

    [Fact]
    public async Task Replies_keep_request_order_across_a_mixed_pipeline()
    {
        await using var client = await RawClient.Connect(gateway.Port);
        var queue = DisqueCalls.NewQueue();

        await client.Send($"ADDJOB {queue} a 0\r\nADDJOB {queue} b 0\r\nQLEN {queue}\r\nGETJOB NOHANG COUNT 2 FROM {queue}\r\nQLEN {queue}\r\nPING\r\n");

        var first = await client.ReadReply();
        var second = await client.ReadReply();
        Assert.StartsWith("+D-", first);
        Assert.StartsWith("+D-", second);
        Assert.Equal(":2", await client.ReadReply());
        var jobs = await client.Read(TimeSpan.FromSeconds(10));
        Assert.Equal([first![1..], second![1..]], jobs!.Items.Select(job => job.Items[1].Text));
        Assert.Equal(":0", await client.ReadReply());
        Assert.Equal("+PONG", await client.ReadReply());
    }

    [Fact]
    public async Task A_client_that_leaves_while_blocked_leaves_no_waiter_behind()
    {
        var queue = DisqueCalls.NewQueue();
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var client = await RawClient.Connect(gateway.Port);
        await client.Send($"GETJOB TIMEOUT 0 FROM {queue}\r\n");
        await DisqueCalls.Eventually(async () => await db.Run("QSTAT", queue) is { IsNull: false } s && (long)DisqueCalls.Pairs(s)["blocked"] == 1);

        await client.DisposeAsync();

        await DisqueCalls.Eventually(async () => (long)DisqueCalls.Pairs(await db.Run("QSTAT", queue))["blocked"] == 0);
        var id = await db.AddJob(queue, "for somebody present");
        Assert.Equal(id, (await db.GetJobs("NOHANG", "FROM", queue)).Single()[1]);
    }
}
