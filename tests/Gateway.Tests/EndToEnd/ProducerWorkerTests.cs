using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>The flows a Disque user runs: produce, consume, acknowledge, with many clients at once.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProducerWorkerTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Add_get_ack_round_trip()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();

        var added = await db.ExecuteAsync("ADDJOB", queue, "hello", 0);
        Assert.Equal(ResultType.SimpleString, added.Resp2Type);
        var id = (string)added!;
        Assert.Matches("^D-[0-9a-f]{8}-[A-Za-z0-9+/]{24}-05a1$", id);

        var jobs = await db.GetJobs("FROM", queue);
        Assert.Equal([queue, id, "hello"], jobs.Single());

        Assert.Equal(1, (long)await db.Run("ACKJOB", id));
        Assert.Equal(0, (long)await db.Run("QLEN", queue));
        Assert.True((await db.Run("SHOW", id)).IsNull);
    }

    [Fact]
    public async Task Two_hundred_pipelined_ADDJOBs_all_answer_in_order()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();

        // StackExchange.Redis writes these back to back on one connection without waiting: a pipeline.
        var adds = Enumerable.Range(0, 200).Select(i => db.ExecuteAsync("ADDJOB", queue, $"job-{i}", 0)).ToList();
        var ids = (await Task.WhenAll(adds)).Select(r => (string)r!).ToList();

        Assert.Equal(200, ids.Distinct().Count());
        Assert.Equal(200, (long)await db.Run("QLEN", queue));
        var order = ((RedisResult[])(await db.Run("QPEEK", queue, 200))!).Select(j => DisqueCalls.Strings(j)[1]).ToList();
        Assert.Equal(ids, order); // creation order is queue order
    }

    [Fact]
    public async Task A_blocked_GETJOB_is_woken_by_an_ADDJOB_from_another_connection()
    {
        await using var consumer = await gateway.Connect();
        await using var producer = await gateway.Connect();
        var queue = DisqueCalls.NewQueue();

        var waiting = consumer.GetDatabase().GetJobs("TIMEOUT", 20_000, "FROM", queue);
        await producer.GetDatabase().UntilBlocked(queue);
        Assert.False(waiting.IsCompleted);

        var id = await producer.GetDatabase().AddJob(queue, "wake up");

        var jobs = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([queue, id, "wake up"], jobs.Single());
    }

    [Fact]
    public async Task Ten_workers_see_each_of_a_thousand_jobs_exactly_once()
    {
        var queues = new[] { DisqueCalls.NewQueue("a"), DisqueCalls.NewQueue("b") };
        await using var producer = await gateway.Connect();
        var db = producer.GetDatabase();
        var added = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => db.AddJob(queues[i % 2], $"job-{i}")));

        var seen = new ConcurrentDictionary<string, int>();
        var workers = Enumerable.Range(0, 10).Select(async _ =>
        {
            await using var redis = await gateway.Connect();
            var worker = redis.GetDatabase();
            while (true)
            {
                var jobs = await worker.GetJobs("NOHANG", "COUNT", 5, "FROM", queues[0], queues[1]);
                if (jobs.Length == 0)
                    return;
                foreach (var job in jobs)
                    seen.AddOrUpdate(job[1], 1, (_, n) => n + 1);
                Assert.Equal(jobs.Length, (long)await worker.Run("ACKJOB", [.. jobs.Select(j => (object)j[1])]));
            }
        });
        await Task.WhenAll(workers);

        Assert.Equal(added.Order(), seen.Keys.Order());
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, (long)await db.Run("QLEN", queues[0]));
        Assert.Equal(0, (long)await db.Run("QLEN", queues[1]));
    }
}
