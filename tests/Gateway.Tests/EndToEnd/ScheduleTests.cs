using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>SCHEDULE over TCP: a per-second schedule adding jobs in real time, its SHOW, LIST, PAUSE, RESUME, DEL and errors.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScheduleTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_per_second_schedule_adds_one_job_per_second_until_deleted()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var name = DisqueCalls.NewQueue("every-second");

        Assert.Equal(1, (long)await db.Run("SCHEDULE", "SET", name, "* * * * * *", name, "tick", "WITHTIME", "REPLICATE", "1", "RETRY", "60"));
        Assert.Contains(name, DisqueCalls.Strings(await db.Run("SCHEDULE", "LIST")));
        await Wait.Until(async () => (long)await db.Run("QLEN", name) >= 3, what: "three jobs");
        Assert.Equal(1, (long)await db.Run("SCHEDULE", "DEL", name));

        var show = await db.Run("SCHEDULE", "SHOW", name);
        Assert.True(show.IsNull);
        var stamps = (await db.GetJobs("NOHANG", "COUNT", 100, "FROM", name)).Select(j => DateTimeOffset.Parse(j[2].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.True(stamps.Length >= 3);
        // One job per occurrence, each a second after the one before.
        Assert.All(stamps.Zip(stamps.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(1), p.Second - p.First));
        Assert.Equal(0, (long)await db.Run("SCHEDULE", "DEL", name));
        Assert.DoesNotContain(name, DisqueCalls.Strings(await db.Run("SCHEDULE", "LIST")));
    }

    [Fact]
    public async Task SHOW_tells_the_definition_the_next_occurrences_and_the_last_firing()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var name = DisqueCalls.NewQueue("shown");
        Assert.Equal(1, (long)await db.Run("SCHEDULE", "SET", name, "0 9 * * 1-5", "reports", "build", "TZ", "Europe/Berlin", "MISSED", "catchup", "NOOVERLAP", "TTL", "3600"));
        Assert.Equal(0, (long)await db.Run("SCHEDULE", "SET", name, "0 9 * * 1-5", "reports", "build", "TZ", "Europe/Berlin", "MISSED", "catchup", "NOOVERLAP", "TTL", "3600"));

        var reply = (RedisResult[])(await db.Run("SCHEDULE", "SHOW", name))!;
        var names = Enumerable.Range(0, reply.Length / 2).Select(i => (string)reply[2 * i]!);
        Assert.Equal(["name", "cron", "tz", "queue", "body", "missed", "nooverlap", "withtime", "paused", "repl", "ttl", "delay", "retry", "maxlen", "async",
            "next", "last-occurrence", "last-fired", "last-job", "last-error", "node"], names);
        var s = DisqueCalls.Pairs(await db.Run("SCHEDULE", "SHOW", name));
        Assert.Equal(("0 9 * * 1-5", "Europe/Berlin", "reports", "build", "catchup"), ((string)s["cron"]!, (string)s["tz"]!, (string)s["queue"]!, (string)s["body"]!, (string)s["missed"]!));
        Assert.Equal((1L, 0L, 0L, 3600L), ((long)s["nooverlap"], (long)s["paused"], (long)s["repl"], (long)s["ttl"]));
        var next = DisqueCalls.Strings(s["next"]).Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, next.Length);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.All(next, n => Assert.Equal(9, TimeZoneInfo.ConvertTime(n, berlin).Hour));
        Assert.True(s["last-job"].IsNull);
        Assert.Equal((string)(await db.Run("CLUSTER", "MYID"))!, (string)s["node"]!);

        Assert.Equal("OK", (string)(await db.Run("SCHEDULE", "PAUSE", name))!);
        var paused = DisqueCalls.Pairs(await db.Run("SCHEDULE", "SHOW", name));
        Assert.Equal(1, (long)paused["paused"]);
        Assert.Empty(DisqueCalls.Strings(paused["next"]));
        Assert.Equal("OK", (string)(await db.Run("SCHEDULE", "RESUME", name))!);
        Assert.Equal(1, (long)await db.Run("SCHEDULE", "DEL", name));
    }

    [Theory]
    [InlineData(new object[] { "SCHEDULE", "SET", "s", "* * *", "q", "b" }, "ERR invalid cron expression '* * *': 3 fields, expected 5 (minute hour day month weekday) or 6 (second first)")]
    [InlineData(new object[] { "SCHEDULE", "SET", "s", "* * * * *", "q", "b", "TZ", "Atlantis/Capital" }, "ERR unknown time zone 'Atlantis/Capital'")]
    [InlineData(new object[] { "SCHEDULE", "SET", "s", "* * * * *", "q", "b", "MISSED", "maybe" }, "ERR MISSED must be skip or catchup")]
    [InlineData(new object[] { "SCHEDULE", "SET", "s", "* * * * *", "q", "b", "RETRY", "0" }, "ERR With RETRY set to 0 please explicitly set  REPLICATE to 1 (at-most-once delivery)")]
    [InlineData(new object[] { "SCHEDULE", "SET", "s", "* * * * *", "q" }, "ERR wrong number of arguments for 'schedule|set' command")]
    [InlineData(new object[] { "SCHEDULE", "PAUSE", "no-such-schedule" }, "ERR unknown schedule 'no-such-schedule'")]
    [InlineData(new object[] { "SCHEDULE", "RESUME", "no-such-schedule" }, "ERR unknown schedule 'no-such-schedule'")]
    [InlineData(new object[] { "SCHEDULE", "SHOW" }, "ERR wrong number of arguments for 'schedule|show' command")]
    [InlineData(new object[] { "SCHEDULE", "EVERY" }, "ERR SCHEDULE subcommand must be one of SET, SHOW, LIST, PAUSE, RESUME, DEL")]
    [InlineData(new object[] { "SCHEDULE" }, "ERR wrong number of arguments for 'schedule' command")]
    public async Task Bad_input_gets_Disque_style_errors(object[] command, string error)
    {
        await using var redis = await gateway.Connect();
        Assert.Equal(error, await redis.GetDatabase().ErrorOf((string)command[0], command[1..]));
    }

    [Fact]
    public async Task COMMAND_lists_SCHEDULE()
    {
        Assert.Equal("schedule\n-2\nwrite\n0\n0\n0", await gateway.Cli("COMMAND", "INFO", "schedule"));
    }
}
