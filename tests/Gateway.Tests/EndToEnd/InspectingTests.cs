using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>QLEN, QSTAT, QPEEK, SHOW, QSCAN, JSCAN, ENQUEUE, DEQUEUE, DELJOB, PAUSE over TCP.</summary>
[Collection(GatewayCollection.Name)]
public sealed class InspectingTests(GatewayFixture gateway)
{
    [Fact]
    public async Task SHOW_lists_Disque_fields_in_order()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "body", "RETRY", 60);

        var reply = (RedisResult[])(await db.Run("SHOW", id))!;
        var names = Enumerable.Range(0, reply.Length / 2).Select(i => (string)reply[2 * i]!);
        Assert.Equal(["id", "queue", "state", "repl", "ttl", "ctime", "delay", "retry", "nacks", "additional-deliveries",
            "nodes-delivered", "nodes-confirmed", "next-requeue-within", "next-awake-within", "body"], names);

        var job = DisqueCalls.Pairs(await db.Run("SHOW", id));
        Assert.Equal(id, (string)job["id"]!);
        Assert.Equal(queue, (string)job["queue"]!);
        Assert.Equal("queued", (string)job["state"]!);
        Assert.Equal("body", (string)job["body"]!);
        Assert.InRange((long)job["next-requeue-within"], 50_000, 60_000);
        Assert.Equal(40, ((string)((RedisResult[])job["nodes-delivered"]!)[0]!).Length);
        var ctimeMs = (long)job["ctime"] / 1_000_000;
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ctimeMs, 0, 60_000);
        Assert.True((await db.Run("SHOW", "D-00000000-ILsYWGIQEDCvrxGBgYKJCY1E-05a1")).IsNull);
        Assert.Equal("BADID Invalid Job ID format.", await db.ErrorOf("SHOW", "x"));
    }

    [Fact]
    public async Task QSTAT_describes_a_queue_and_is_null_for_an_unknown_one()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        Assert.True((await db.Run("QSTAT", queue)).IsNull);
        Assert.Equal(0, (long)await db.Run("QLEN", queue));
        await db.AddJob(queue, "1");
        await db.AddJob(queue, "2");
        await db.GetJobs("FROM", queue);

        var stat = DisqueCalls.Pairs(await db.Run("QSTAT", queue));

        Assert.Equal(["name", "len", "age", "idle", "blocked", "import-from", "import-rate", "jobs-in", "jobs-out", "pause"], stat.Keys);
        Assert.Equal(queue, (string)stat["name"]!);
        Assert.Equal(1, (long)stat["len"]);
        Assert.Equal(2, (long)stat["jobs-in"]);
        Assert.Equal(1, (long)stat["jobs-out"]);
        Assert.Equal(0, (long)stat["blocked"]);
        Assert.Equal("none", (string)stat["pause"]!);
    }

    [Fact]
    public async Task QPEEK_reads_oldest_or_newest_first_without_taking()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var ids = new[] { await db.AddJob(queue, "1"), await db.AddJob(queue, "2"), await db.AddJob(queue, "3") };

        Assert.Equal(ids[..2], Ids(await db.Run("QPEEK", queue, 2)));
        Assert.Equal([ids[2], ids[1]], Ids(await db.Run("QPEEK", queue, -2)));
        Assert.Empty(Ids(await db.Run("QPEEK", queue, 0)));
        Assert.Equal(3, (long)await db.Run("QLEN", queue));
        Assert.Equal([queue, ids[0], "1"], DisqueCalls.Strings(((RedisResult[])(await db.Run("QPEEK", queue, 1))!)[0]));
        Assert.Equal("ERR value is not an integer or out of range", await db.ErrorOf("QPEEK", queue, "many"));
    }

    [Fact]
    public async Task DEQUEUE_ENQUEUE_and_DELJOB_move_jobs_in_and_out()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "a");

        Assert.Equal(1, (long)await db.Run("DEQUEUE", id));
        Assert.Equal(0, (long)await db.Run("QLEN", queue));
        Assert.Equal("active", (string)(await db.Show(id))["state"]!);
        Assert.Equal(0, (long)await db.Run("DEQUEUE", id));

        Assert.Equal(1, (long)await db.Run("ENQUEUE", id));
        Assert.Equal(1, (long)await db.Run("QLEN", queue));
        Assert.Equal(1, (long)(await db.Show(id))["additional-deliveries"]);

        Assert.Equal(1, (long)await db.Run("DELJOB", id));
        Assert.Equal(0, (long)await db.Run("QLEN", queue));
        Assert.True((await db.Run("SHOW", id)).IsNull);
        Assert.Equal("BADID Invalid Job ID format.", await db.ErrorOf("DELJOB", "bad"));
    }

    [Fact]
    public async Task A_queue_paused_out_keeps_consumers_waiting_until_unpaused()
    {
        await using var redis = await gateway.Connect();
        await using var other = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var id = await db.AddJob(queue, "a");
        Assert.Equal("out", (string)(await db.Run("PAUSE", queue, "out"))!);
        Assert.Empty(await db.GetJobs("NOHANG", "FROM", queue));

        var waiting = other.GetDatabase().GetJobs("TIMEOUT", 10_000, "FROM", queue);
        await db.UntilBlocked(queue);
        Assert.False(waiting.IsCompleted);
        Assert.Equal("out", (string)(await db.Run("PAUSE", queue, "state"))!);
        Assert.Equal("none", (string)(await db.Run("PAUSE", queue, "none"))!);

        Assert.Equal(id, (await waiting).Single()[1]);
        Assert.Equal("all", (string)(await db.Run("PAUSE", queue, "in", "out"))!);
        Assert.Equal("in", (string)(await db.Run("PAUSE", queue, "in"))!); // replaces, does not add
        Assert.Equal("ERR syntax error", await db.ErrorOf("PAUSE", queue, "sideways"));
        await db.Run("PAUSE", queue, "none");
    }

    [Fact]
    public async Task QSCAN_walks_every_queue()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var mine = Enumerable.Range(0, 12).Select(i => DisqueCalls.NewQueue("scan")).ToList();
        foreach (var queue in mine)
            await db.AddJob(queue, "x");

        var seen = new HashSet<string>();
        var cursor = "0";
        do
        {
            var page = (RedisResult[])(await db.Run("QSCAN", cursor, "COUNT", 5))!;
            cursor = (string)page[0]!;
            seen.UnionWith(DisqueCalls.Strings(page[1]));
        }
        while (cursor != "0");

        Assert.Superset(mine.ToHashSet(), seen);
        var busy = (RedisResult[])(await db.Run("QSCAN", "BUSYLOOP", "MINLEN", 1))!;
        Assert.Equal("0", (string)busy[0]!);
        Assert.Superset(mine.ToHashSet(), DisqueCalls.Strings(busy[1]).ToHashSet());
        Assert.Equal("ERR invalid cursor or option name", await db.ErrorOf("QSCAN", "nonsense"));
        Assert.Equal("ERR value is not an integer or out of range", await db.ErrorOf("QSCAN", "COUNT", "x"));
    }

    [Fact]
    public async Task JSCAN_filters_by_queue_and_state_and_can_reply_with_whole_jobs()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var ids = new[] { await db.AddJob(queue, "1"), await db.AddJob(queue, "2") };
        await db.GetJobs("FROM", queue);

        var queued = Scan(await db.Run("JSCAN", "BUSYLOOP", "QUEUE", queue, "STATE", "queued"));
        Assert.Equal([ids[1]], queued);
        var any = Scan(await db.Run("JSCAN", "BUSYLOOP", "QUEUE", queue, "STATE", "queued", "STATE", "active"));
        Assert.Equal(ids.Order(), any.Order());

        var all = (RedisResult[])(await db.Run("JSCAN", "BUSYLOOP", "QUEUE", queue, "REPLY", "all"))!;
        var jobs = ((RedisResult[])all[1]!).Select(DisqueCalls.Pairs).ToList();
        Assert.Equal(ids.Order(), jobs.Select(j => (string)j["id"]!).Order());
        Assert.Equal("ERR Invalid job state name", await db.ErrorOf("JSCAN", "STATE", "sleeping"));
        Assert.Equal("ERR Invalid REPLY type, try ID or ALL", await db.ErrorOf("JSCAN", "REPLY", "some"));

        // Without BUSYLOOP, walking the cursor finds them too.
        var seen = new List<string>();
        var cursor = "0";
        do
        {
            var page = (RedisResult[])(await db.Run("JSCAN", cursor, "COUNT", 1, "QUEUE", queue))!;
            cursor = (string)page[0]!;
            seen.AddRange(DisqueCalls.Strings(page[1]));
        }
        while (cursor != "0");
        Assert.Equal(ids.Order(), seen.Distinct().Order());
    }

    private static string[] Ids(RedisResult peek) => ((RedisResult[])peek!).Select(j => DisqueCalls.Strings(j)[1]).ToArray();

    private static string[] Scan(RedisResult reply)
    {
        var page = (RedisResult[])reply!;
        Assert.Equal("0", (string)page[0]!);
        return DisqueCalls.Strings(page[1]);
    }
}
