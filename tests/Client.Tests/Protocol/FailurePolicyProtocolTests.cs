using System.Text;
using Disque.Client.Protocol;
using Disque.Client.Resp;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Protocol;

/// <summary>Disque.Orleans' failure policy in the client's words on the wire: the options ADDJOB writes, NACKJOB and FAILJOB, SHOW's extra fields, and how a server is found to have it.</summary>
public sealed class FailurePolicyProtocolTests
{
    [Fact]
    public void ADDJOB_writes_the_policy_options_after_Disques()
    {
        var options = new AddJobOptions
        {
            Retry = TimeSpan.FromSeconds(30),
            Priority = 7,
            MaxDeliveries = 3,
            DeadLetter = "graveyard",
            Backoff = new JobBackoff(TimeSpan.FromSeconds(1.5), TimeSpan.FromMinutes(1)),
        };

        var command = DisqueCommands.AddJob("q", "x"u8.ToArray(), options);

        Assert.Equal("ADDJOB q x 0 RETRY 30 PRIORITY 7 MAXDELIVERIES 3 DEADLETTER graveyard BACKOFF 2 60", command.ToString());
    }

    [Fact]
    public void A_plain_ADDJOB_writes_none_of_them()
    {
        Assert.Equal("ADDJOB q x 0", DisqueCommands.AddJob("q", "x"u8.ToArray(), AddJobOptions.Default).ToString());
    }

    [Fact]
    public void NACKJOB_and_FAILJOB_write_the_ids_then_DELAY_in_whole_seconds_and_REASON()
    {
        Assert.Equal("NACKJOB a b DELAY 1 REASON disk full", DisqueCommands.Verdict("NACKJOB", ["a", "b"], TimeSpan.FromMilliseconds(200), "disk full").ToString());
        Assert.Equal("NACKJOB a", DisqueCommands.Verdict("NACKJOB", ["a"], TimeSpan.Zero, null).ToString());
        Assert.Equal("FAILJOB a REASON ", DisqueCommands.Verdict("FAILJOB", ["a"], null, "").ToString());
        Assert.Equal(4, DisqueCommands.Verdict("FAILJOB", ["a"], null, "two words").Count); // the reason is one argument
    }

    [Theory]
    [InlineData(-1, null, null, 1, 2)]
    [InlineData(1001, null, null, 1, 2)]
    [InlineData(null, 0, null, 1, 2)]
    [InlineData(null, 1_000_001, null, 1, 2)]
    [InlineData(null, null, "q", 1, 2)]
    [InlineData(null, null, "", 1, 2)]
    [InlineData(null, null, null, 0, 2)]
    [InlineData(null, null, null, 3, 2)]
    [InlineData(null, null, null, 1, 365 * 86400 + 1)]
    public void Options_the_server_would_refuse_are_refused_before_sending(int? priority, int? maxDeliveries, string? deadLetter, int backoffBase, int backoffCap)
    {
        var options = new AddJobOptions
        {
            Priority = priority,
            MaxDeliveries = maxDeliveries,
            DeadLetter = deadLetter,
            Backoff = new JobBackoff(TimeSpan.FromSeconds(backoffBase), TimeSpan.FromSeconds(backoffCap)),
        };

        Assert.ThrowsAny<ArgumentException>(() => options.Validate("q"));
    }

    [Fact]
    public void The_edges_of_each_range_are_accepted()
    {
        new AddJobOptions { Priority = 0, MaxDeliveries = 1, DeadLetter = "q:dead", Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) }.Validate("q");
        new AddJobOptions { Priority = 1000, MaxDeliveries = 1_000_000, Backoff = new(TimeSpan.FromDays(365), TimeSpan.FromDays(365)) }.Validate("q");
    }

    [Fact]
    public void A_reason_longer_than_1024_bytes_or_a_negative_delay_is_refused()
    {
        VerdictArguments.Validate(TimeSpan.Zero, new string('é', 512)); // 1,024 bytes
        Assert.Throws<ArgumentOutOfRangeException>(() => VerdictArguments.Validate(null, new string('é', 512) + "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => VerdictArguments.Validate(TimeSpan.FromSeconds(-1), null));
    }

    [Fact]
    public void SHOW_with_the_extra_fields_fills_them_in()
    {
        var failedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123);
        var reply = Show(
            "priority", Integer(5), "deliveries", Integer(3), "max-deliveries", Integer(3),
            "backoff", RespValue.Array([Integer(2), Integer(60)]), "dead-letter", Bulk("q:dead"),
            "last-failure", Bulk("HttpRequestException: 503"), "last-failure-time", Integer(failedAt.ToUnixTimeMilliseconds()),
            "dead-from", Bulk("q"), "dead-reason", Bulk("max-deliveries"));

        var job = DisqueReplies.Show(reply)!;

        Assert.True(job.HasExtras);
        Assert.True(job.IsDeadLetter);
        Assert.Equal((5, 3, 3), (job.Priority, job.Deliveries, job.MaxDeliveries));
        Assert.Equal(new JobBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)), job.Backoff);
        Assert.Equal(("q:dead", "HttpRequestException: 503", failedAt), (job.DeadLetter, job.LastFailure, job.LastFailureTime));
        Assert.Equal(("q", "max-deliveries"), (job.DeadFrom, job.DeadReason));
        Assert.Equal(("D-1", "q:dead", 2), (job.Id, job.Queue, job.Nacks)); // Disque's fields as before
    }

    [Fact]
    public void SHOW_with_extras_but_no_failure_yet_has_nulls_where_the_server_sent_nil()
    {
        var reply = Show(
            "priority", Integer(9), "deliveries", Integer(0), "max-deliveries", Integer(0), "backoff", RespValue.Null,
            "dead-letter", Bulk("q:dead"), "last-failure", RespValue.Null, "last-failure-time", RespValue.Null,
            "dead-from", RespValue.Null, "dead-reason", RespValue.Null);

        var job = DisqueReplies.Show(reply)!;

        Assert.True(job.HasExtras);
        Assert.False(job.IsDeadLetter);
        Assert.Equal(9, job.Priority);
        Assert.Null(job.Backoff);
        Assert.Null(job.LastFailure);
        Assert.Null(job.LastFailureTime);
        Assert.Null(job.DeadReason);
    }

    [Fact]
    public void A_plain_Disque_SHOW_leaves_them_all_null()
    {
        var job = DisqueReplies.Show(Show())!;

        Assert.False(job.HasExtras);
        Assert.False(job.IsDeadLetter);
        Assert.Equal(new object?[] { null, null, null, null, null, null, null, null, null },
            new object?[] { job.Priority, job.Deliveries, job.MaxDeliveries, job.Backoff, job.DeadLetter, job.LastFailure, job.LastFailureTime, job.DeadFrom, job.DeadReason });
        Assert.Equal(("D-1", "q:dead", "queued"), (job.Id, job.Queue, job.State));
    }

    [Fact]
    public async Task A_real_Disque_answers_COMMAND_INFO_nackjob_with_nil_and_is_asked_once()
    {
        var asked = 0;
        await using var disque = new FakeNode(line => line switch
        {
            "HELLO" => "-ERR unknown command 'hello'\r\n", // the client then keeps to its configured node
            "nackjob" => Interlocked.Increment(ref asked) > 0 ? "*1\r\n$-1\r\n" : null,
            _ => null,
        });
        await using var client = new DisqueClient(new DisqueClientOptions { Endpoints = [disque.Endpoint] });

        Assert.False(await client.HasFailurePolicyAsync());
        Assert.False(await client.HasFailurePolicyAsync());
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task Disque_Orleans_answers_it_with_the_commands_entry()
    {
        await using var gateway = new FakeNode(line => line switch
        {
            "HELLO" => "-ERR unknown command 'hello'\r\n",
            "nackjob" => "*1\r\n*6\r\n$7\r\nnackjob\r\n:-2\r\n*1\r\n+write\r\n:0\r\n:0\r\n:0\r\n",
            _ => null,
        });
        await using var client = new DisqueClient(new DisqueClientOptions { Endpoints = [gateway.Endpoint] });

        Assert.True(await client.HasFailurePolicyAsync());
    }

    /// <summary>A SHOW reply: Disque's 15 fields, then <paramref name="extras"/> as name/value pairs.</summary>
    private static RespValue Show(params object[] extras)
    {
        var fields = new List<RespValue>
        {
            Bulk("id"), Bulk("D-1"), Bulk("queue"), Bulk("q:dead"), Bulk("state"), Bulk("queued"), Bulk("repl"), Integer(1),
            Bulk("ttl"), Integer(100), Bulk("ctime"), Integer(1), Bulk("delay"), Integer(0), Bulk("retry"), Integer(30),
            Bulk("nacks"), Integer(2), Bulk("additional-deliveries"), Integer(0),
            Bulk("nodes-delivered"), RespValue.Array([]), Bulk("nodes-confirmed"), RespValue.Array([]),
            Bulk("next-requeue-within"), RespValue.Null, Bulk("next-awake-within"), RespValue.Null, Bulk("body"), Bulk("x"),
        };
        fields.AddRange(extras.Select(e => e as RespValue ?? Bulk((string)e)));
        return RespValue.Array([.. fields]);
    }

    private static RespValue Bulk(string text) => RespValue.Bulk(Encoding.UTF8.GetBytes(text));

    private static RespValue Integer(long value) => RespValue.FromInteger(value);
}
