using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>Ours, beyond Disque: groups over RESP, with plain GETJOB consumers.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GroupTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_group_goes_in_order_one_at_a_time_and_QSTAT_and_SHOW_tell_it()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var first = await db.AddJob(queue, "1", "GROUP", "tenant");
        var second = await db.AddJob(queue, "2", "GROUP", "tenant");

        Assert.Equal([first], (await db.GetJobs("NOHANG", "COUNT", 10, "FROM", queue)).Select(j => j[1]));
        Assert.Empty(await db.GetJobs("NOHANG", "FROM", queue));
        var stat = DisqueCalls.Pairs(await db.Run("QSTAT", queue));
        var group = DisqueCalls.Pairs(((RedisResult[])stat["groups"]!).Single());
        Assert.Equal(("tenant", 1L, 1L, 1L), ((string)group["name"]!, (long)group["waiting"], (long)group["active"], (long)group["limit"]));
        Assert.Equal(("tenant", 1L), ((string)(await db.Show(first))["group"]!, (long)(await db.Show(first))["group-limit"]));

        Assert.Equal(1, (long)await db.Run("ACKJOB", first));
        Assert.Equal([second], (await db.GetJobs("NOHANG", "FROM", queue)).Select(j => j[1]));
        var plain = DisqueCalls.NewQueue();
        await db.AddJob(plain, "p");
        Assert.DoesNotContain("groups", DisqueCalls.Pairs(await db.Run("QSTAT", plain)).Keys);
    }

    [Fact]
    public async Task A_limit_of_0_is_refused()
    {
        await using var redis = await gateway.Connect();
        var error = await redis.GetDatabase().ErrorOf("ADDJOB", DisqueCalls.NewQueue(), "b", 0, "GROUP", "g", "GROUPLIMIT", 0);
        Assert.StartsWith("ERR GROUPLIMIT must be between 1 and 100000", error);
    }

    /// <summary>
    /// The fairness test: one group of 10,000 jobs (limit 4, so it could take every worker) and
    /// 10 groups of 10, 4 workers: the small groups' jobs all complete within the first 300 deliveries.
    /// </summary>
    [Fact]
    public async Task A_big_group_does_not_hold_up_small_ones()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        await Task.WhenAll(Enumerable.Range(0, 10_000).Select(i => db.AddJob(queue, "big", "GROUP", "big", "GROUPLIMIT", 4, "TTL", 120)));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => db.AddJob(queue, "small", "GROUP", "small-" + (i % 10), "TTL", 120)));
        var deliveries = 0;
        var smallDone = 0;
        var lastSmallAt = 0;

        async Task Work()
        {
            while (Volatile.Read(ref smallDone) < 100)
            {
                foreach (var job in await db.GetJobs("TIMEOUT", 1000, "FROM", queue))
                {
                    var at = Interlocked.Increment(ref deliveries);
                    await db.Run("ACKJOB", job[1]);
                    if (job[2] == "small")
                    {
                        Interlocked.Increment(ref smallDone);
                        InterlockedMax(ref lastSmallAt, at);
                    }
                }
                Assert.True(Volatile.Read(ref deliveries) < 2_000, $"only {smallDone} small jobs done after {deliveries} deliveries");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Work())).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(lastSmallAt, 100, 300);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
