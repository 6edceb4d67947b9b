using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

[Collection(GatewayCollection.Name)]
public sealed class ProducerWorkerTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Add_get_ack_round_trip()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = "rt-" + Guid.NewGuid().ToString("N");

        var added = await db.ExecuteAsync("ADDJOB", queue, "hello", 0);
        Assert.Equal(ResultType.SimpleString, added.Resp2Type);
        var id = (string)added!;
        Assert.Matches("^D-[0-9a-f]{8}-[A-Za-z0-9+/]{24}-05a1$", id);

        var jobs = (RedisResult[])(await db.ExecuteAsync("GETJOB", "FROM", queue))!;
        var job = (RedisResult[])jobs[0]!;
        Assert.Equal([queue, id, "hello"], job.Select(x => (string)x!));

        Assert.Equal(1, (long)await db.ExecuteAsync("ACKJOB", id));
        Assert.Equal(0, (long)await db.ExecuteAsync("QLEN", queue));
        Assert.True((await db.ExecuteAsync("SHOW", id)).IsNull);
    }
}
