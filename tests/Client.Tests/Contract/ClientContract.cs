using System.Diagnostics;
using System.Text;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Contract;

/// <summary>
/// Every typed method of <see cref="IDisqueClient"/> against a real gateway, with
/// Disque's replies and error texts. Written once, run for each implementation:
/// RESP (<see cref="RespClientContract"/>) and Orleans grains (OrleansClientContract).
/// </summary>
public abstract partial class ClientContract(ClientGatewayFixture gateway) : IAsyncLifetime
{
    private IDisqueClient? _client;
    private DisqueClient? _resp;

    /// <summary>The client under test.</summary>
    protected IDisqueClient Client => _client!;

    /// <summary>A RESP client for what <see cref="IDisqueClient"/> has no method for (PAUSE).</summary>
    protected DisqueClient Resp => _resp!;

    protected ClientGatewayFixture Gateway => gateway;

    protected abstract Task<IDisqueClient> CreateClient();

    protected virtual Task DisposeClient(IDisqueClient client) => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _resp = gateway.NewClient();
        _client = await CreateClient();
    }

    public async Task DisposeAsync()
    {
        await DisposeClient(Client);
        await Resp.DisposeAsync();
    }

    [Fact]
    public async Task ADDJOB_then_GETJOB_hands_back_the_body_byte_for_byte()
    {
        var queue = Names.NewQueue();
        var body = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\r\n$3\r\n*1\r\n"u8.ToArray()).ToArray();

        var id = await Client.AddJobAsync(queue, body);

        Assert.Matches("^D-[0-9a-f]{8}-[A-Za-z0-9+/]{24}-05a1$", id);
        var job = Assert.Single(await Client.GetJobsAsync([queue], noHang: true));
        Assert.Equal((queue, id), (job.Queue, job.Id));
        Assert.Equal(body, job.Body);
        Assert.Null(job.Nacks);
    }

    [Fact]
    public async Task A_text_body_goes_as_UTF8()
    {
        var queue = Names.NewQueue();

        var id = await Client.AddJobAsync(queue, "résumé ✓");

        Assert.Equal("résumé ✓", (await Client.GetJobAsync(queue, TimeSpan.FromSeconds(5)))!.BodyText);
        Assert.Equal(1, await Client.AckAsync(id));
    }

    [Fact]
    public async Task Every_ADDJOB_option_reaches_the_job()
    {
        var queue = Names.NewQueue();
        var options = new AddJobOptions
        {
            Replicate = 1,
            Delay = TimeSpan.FromSeconds(1),
            Retry = TimeSpan.FromSeconds(5),
            Ttl = TimeSpan.FromSeconds(100),
            MaxLen = 10,
            Timeout = TimeSpan.FromSeconds(5),
        };

        var id = await Client.AddJobAsync(queue, "later", options);

        Assert.EndsWith("-0001", id); // TTL 100 s: 1 minute, odd for at-least-once
        var job = (await Client.ShowAsync(id))!;
        Assert.Equal((1, 1, 5), (job.Replicate, job.DelaySeconds, job.RetrySeconds));
        Assert.InRange(job.TtlSeconds, 90, 100);
        Assert.Equal(0, await Client.QLenAsync(queue)); // DELAY: not queued yet
        await Wait.Until(async () => await Client.QLenAsync(queue) == 1, what: "the delayed job is queued");
    }

    [Fact]
    public async Task ASYNC_and_at_most_once_jobs_are_accepted()
    {
        var queue = Names.NewQueue();

        var async = await Client.AddJobAsync(queue, "a", new AddJobOptions { Async = true });
        var atMostOnce = await Client.AddJobAsync(queue, "b", new AddJobOptions { Retry = TimeSpan.Zero, Replicate = 1 });

        Assert.NotNull(await Client.ShowAsync(async));
        Assert.EndsWith("-05a0", atMostOnce); // even: at most once
        Assert.Equal(2, await Client.QLenAsync(queue));
    }

    [Fact]
    public async Task MAXLEN_PAUSED_NOREPL_and_ERR_arrive_as_their_typed_exceptions()
    {
        var queue = Names.NewQueue();
        await Client.AddJobAsync(queue, "1");
        await Client.AddJobAsync(queue, "2");

        var maxLen = await Assert.ThrowsAsync<MaxLenException>(() => Client.AddJobAsync(queue, "3", new AddJobOptions { MaxLen = 2 }));
        Assert.Equal(("MAXLEN", "Queue is already longer than the specified MAXLEN count"), (maxLen.Code, maxLen.Message));

        var noRepl = await Assert.ThrowsAsync<NoReplException>(() => Client.AddJobAsync(queue, "3", new AddJobOptions { Replicate = 3 }));
        Assert.Equal("Not enough reachable nodes for the requested replication level", noRepl.Message);

        var err = await Assert.ThrowsAsync<DisqueCommandException>(() =>
            Client.AddJobAsync(queue, "3", new AddJobOptions { Retry = TimeSpan.Zero, Replicate = 2 }));
        Assert.Equal(("ERR", "With RETRY set to 0 please explicitly set  REPLICATE to 1 (at-most-once delivery)"), (err.Code, err.Message));

        Assert.Equal("in", (await Resp.ExecuteAsync(["PAUSE", queue, "in"])).Text);
        var paused = await Assert.ThrowsAsync<PausedException>(() => Client.AddJobAsync(queue, "3"));
        Assert.Equal("Queue paused in input, try later", paused.Message);
    }

    [Fact]
    public async Task Options_Disque_would_refuse_are_refused_before_sending()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.AddJobAsync("q", "x", new AddJobOptions { Replicate = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.AddJobAsync("q", "x", new AddJobOptions { Ttl = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.GetJobsAsync(["q"], count: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.GetJobsAsync(["q"], timeout: TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentException>(() => Client.GetJobsAsync([]));
    }

    [Fact]
    public async Task GETJOB_takes_COUNT_jobs_from_the_first_queue_that_has_some()
    {
        var (empty, full) = (Names.NewQueue(), Names.NewQueue());
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add(await Client.AddJobAsync(full, $"job-{i}"));

        var jobs = await Client.GetJobsAsync([empty, full], count: 3, timeout: TimeSpan.FromSeconds(5));

        Assert.Equal(ids.Take(3), jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal(full, j.Queue));
        Assert.Equal(2, await Client.QLenAsync(full));
    }

    [Fact]
    public async Task GETJOB_with_nothing_queued_answers_empty_at_once_with_NOHANG_and_after_the_TIMEOUT_without()
    {
        var queue = Names.NewQueue();

        Assert.Empty(await Client.GetJobsAsync([queue], noHang: true));
        var clock = Stopwatch.StartNew();
        Assert.Empty(await Client.GetJobsAsync([queue], timeout: TimeSpan.FromMilliseconds(300)));
        Assert.InRange(clock.ElapsedMilliseconds, 250, 10_000);
    }

    [Fact]
    public async Task A_blocked_GETJOB_is_woken_by_an_ADDJOB()
    {
        var queue = Names.NewQueue();

        var waiting = Client.GetJobsAsync([queue], timeout: TimeSpan.FromSeconds(30));
        await Wait.Until(async () => (await Client.QStatAsync(queue))?.Blocked == 1, what: "the consumer is blocked");
        var id = await Resp.AddJobAsync(queue, "wake up");

        var job = Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((id, "wake up"), (job.Id, job.BodyText));
    }

    [Fact]
    public async Task Cancelling_a_blocked_GETJOB_ends_the_wait_and_takes_no_job()
    {
        var queue = Names.NewQueue();
        using var cancel = new CancellationTokenSource();

        var waiting = Client.GetJobsAsync([queue], cancellation: cancel.Token);
        await Wait.Until(async () => (await Client.QStatAsync(queue))?.Blocked == 1, what: "the consumer is blocked");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        await Wait.Until(async () => (await Client.QStatAsync(queue))?.Blocked == 0, what: "the node let the consumer go");
        var id = await Resp.AddJobAsync(queue, "for a live consumer");
        Assert.Equal(1, await Client.QLenAsync(queue));
        Assert.Equal(id, (await Client.GetJobAsync(queue, TimeSpan.FromSeconds(5)))!.Id);
    }

    [Fact]
    public async Task ACKJOB_counts_the_jobs_it_knew_and_FASTACK_deletes()
    {
        var queue = Names.NewQueue();
        var (a, b, c) = (await Client.AddJobAsync(queue, "a"), await Client.AddJobAsync(queue, "b"), await Client.AddJobAsync(queue, "c"));

        Assert.Equal(2, await Client.AckAsync([a, b, Names.UnknownId]));
        Assert.Equal(0, await Client.AckAsync(a));
        Assert.Equal(0, await Client.AckAsync([]));
        Assert.Equal(1, await Client.FastAckAsync(c));
        Assert.Null(await Client.ShowAsync(c));
        Assert.Equal(0, await Client.FastAckAsync(c));
        Assert.Equal(0, await Client.QLenAsync(queue));
        var badId = await Assert.ThrowsAsync<BadIdException>(() => Client.AckAsync([a, "not-an-id"]));
        Assert.Equal(("BADID", "Invalid Job ID format."), (badId.Code, badId.Message));
    }

    [Fact]
    public async Task NACK_queues_a_delivered_job_again_and_WITHCOUNTERS_shows_it()
    {
        var queue = Names.NewQueue();
        var id = await Client.AddJobAsync(queue, "a");
        Assert.Equal(0, await Client.NackAsync(id)); // queued, not delivered: nothing to do
        await Client.GetJobsAsync([queue], noHang: true);

        Assert.Equal(1, await Client.NackAsync(id));

        var job = Assert.Single(await Client.GetJobsAsync([queue], noHang: true, withCounters: true));
        Assert.Equal((id, 1, 0), (job.Id, job.Nacks, job.AdditionalDeliveries));
    }

    [Fact]
    public async Task WORKING_answers_the_RETRY_and_unknown_or_malformed_ids_are_refused()
    {
        var queue = Names.NewQueue();
        var id = await Client.AddJobAsync(queue, "a", new AddJobOptions { Retry = TimeSpan.FromSeconds(7) });
        await Client.GetJobsAsync([queue], noHang: true);

        Assert.Equal(7, await Client.WorkingAsync(id));
        Assert.Equal("active", (await Client.ShowAsync(id))!.State);
        var noJob = await Assert.ThrowsAsync<NoJobException>(() => Client.WorkingAsync(Names.UnknownId));
        Assert.Equal("Job not known in the context of this node.", noJob.Message);
        await Assert.ThrowsAsync<BadIdException>(() => Client.WorkingAsync("nope"));
    }

    [Fact]
    public async Task WORKING_after_half_the_TTL_is_TOOLATE()
    {
        var clock = Stopwatch.StartNew();
        var id = await Client.AddJobAsync(Names.NewQueue(), "a", new AddJobOptions { Ttl = TimeSpan.FromSeconds(2), Retry = TimeSpan.FromSeconds(1) });
        TooLateException? late = null;

        await Wait.Until(async () =>
        {
            try
            {
                await Client.WorkingAsync(id); // accepted while half the TTL is still ahead
                return false;
            }
            catch (TooLateException error)
            {
                late = error;
                return true;
            }
        }, what: "WORKING refused as too late");

        Assert.Equal("Half of job TTL already elapsed, you are no longer allowed to postpone the next delivery.", late!.Message);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"refused {clock.Elapsed} after ADDJOB, before half its TTL");
    }

    [Fact]
    public async Task QLEN_and_QPEEK_look_without_taking()
    {
        var queue = Names.NewQueue();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add(await Client.AddJobAsync(queue, $"job-{i}"));

        Assert.Equal(3, await Client.QLenAsync(queue));
        Assert.Equal(ids.Take(2), (await Client.QPeekAsync(queue, 2)).Select(j => j.Id));
        var newest = Assert.Single(await Client.QPeekAsync(queue, -1));
        Assert.Equal((ids[2], "job-2", queue), (newest.Id, newest.BodyText, newest.Queue));
        Assert.Equal(3, await Client.QLenAsync(queue));
        Assert.Equal(0, await Client.QLenAsync(Names.NewQueue()));
    }

    [Fact]
    public async Task QSTAT_describes_a_queue_and_is_null_for_one_that_does_not_exist()
    {
        var queue = Names.NewQueue();
        Assert.Null(await Client.QStatAsync(queue));
        await Client.AddJobAsync(queue, "a");
        await Client.AddJobAsync(queue, "b");
        await Client.GetJobsAsync([queue], noHang: true);
        await Resp.ExecuteAsync(["PAUSE", queue, "out"]);

        var stat = (await Client.QStatAsync(queue))!;

        Assert.Equal((queue, 1L, 2L, 1L, "out"), (stat.Name, stat.Length, stat.JobsIn, stat.JobsOut, stat.Pause));
        Assert.Equal(0, stat.Blocked);
        Assert.Empty(stat.ImportFrom);
    }

    [Fact]
    public async Task SHOW_tells_where_a_job_stands_and_is_null_for_an_unknown_one()
    {
        var queue = Names.NewQueue();
        var id = await Client.AddJobAsync(queue, "body", new AddJobOptions { Retry = TimeSpan.FromSeconds(30) });

        var job = (await Client.ShowAsync(id))!;

        Assert.Equal((id, queue, "queued", 1, 30, 0), (job.Id, job.Queue, job.State, job.Replicate, job.RetrySeconds, job.Nacks));
        Assert.Equal("body", Encoding.UTF8.GetString(job.Body!));
        Assert.InRange(job.CTime / 1_000_000, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Null(await Client.ShowAsync(Names.UnknownId));
        await Assert.ThrowsAsync<BadIdException>(() => Client.ShowAsync("nope"));
    }

    [Fact]
    public async Task The_server_has_the_failure_policy()
    {
        Assert.True(await Client.HasFailurePolicyAsync());
    }

    [Fact]
    public async Task The_policy_options_reach_the_job_and_SHOW_reads_them_back()
    {
        var queue = Names.NewQueue();
        var options = new AddJobOptions
        {
            Priority = 5,
            MaxDeliveries = 2,
            DeadLetter = queue + "-graveyard",
            Backoff = new JobBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)),
        };

        var job = (await Client.ShowAsync(await Client.AddJobAsync(queue, "x", options)))!;
        var plain = (await Client.ShowAsync(await Client.AddJobAsync(queue, "y")))!;

        Assert.Equal((5, 0, 2), (job.Priority, job.Deliveries, job.MaxDeliveries));
        Assert.Equal((options.Backoff, queue + "-graveyard"), (job.Backoff, job.DeadLetter));
        Assert.Equal((null, null, null), (job.LastFailure, job.LastFailureTime, job.DeadFrom));
        Assert.False(plain.HasExtras); // a plain job shows what Disque shows
        Assert.Null(plain.DeadLetter);
        await Assert.ThrowsAsync<ArgumentException>(() => Client.AddJobAsync(queue, "z", new AddJobOptions { DeadLetter = queue }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.AddJobAsync(queue, "z", new AddJobOptions { Priority = 1001 }));
    }

    [Fact]
    public async Task NACKJOB_keeps_the_reason_and_queues_the_job_after_its_DELAY()
    {
        var queue = Names.NewQueue();
        var id = await Client.AddJobAsync(queue, "a");
        await Client.GetJobsAsync([queue], noHang: true);

        Assert.Equal(1, await Client.NackJobAsync(id, TimeSpan.FromSeconds(1), "disk full"));

        var job = (await Client.ShowAsync(id))!;
        Assert.Equal(("active", 1, "disk full"), (job.State, job.Nacks, job.LastFailure)); // waiting out its DELAY
        Assert.Equal(0, await Client.QLenAsync(queue));
        await Wait.Until(async () => await Client.QLenAsync(queue) == 1, what: "the NACKed job queued after its DELAY");
        Assert.Equal(0, await Client.NackJobAsync(id)); // queued, not delivered: nothing to do
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.NackJobAsync(id, reason: new string('x', 1025)));
        await Assert.ThrowsAsync<BadIdException>(() => Client.NackJobAsync(["nope"]));
    }

    [Fact]
    public async Task FAILJOB_sends_a_job_to_its_dead_letter_queue_and_REVIVE_brings_it_back_with_its_history_reset()
    {
        var queue = Names.NewQueue();
        var deadLetters = queue + ":dead";
        var id = await Client.AddJobAsync(queue, "a");
        await Client.GetJobsAsync([queue], noHang: true);
        Assert.Equal(1, await Client.NackAsync(id));
        await Client.GetJobsAsync([queue], noHang: true);

        Assert.Equal(1, await Client.FailJobAsync(id, "bad input"));

        await Wait.Until(async () => await Client.QLenAsync(deadLetters) == 1, what: "the job queued in its dead-letter queue");
        var dead = (await Client.ShowAsync(id))!;
        Assert.Equal((deadLetters, queue, "failed", "bad input"), (dead.Queue, dead.DeadFrom, dead.DeadReason, dead.LastFailure));
        Assert.Equal((1, 2), (dead.Nacks, dead.Deliveries));
        Assert.Equal(0, await Client.FailJobAsync(id)); // a dead letter already

        Assert.Equal(1, await Client.ReviveAsync(id));

        await Wait.Until(async () => await Client.QLenAsync(queue) == 1, what: "the job back on its queue");
        var revived = (await Client.ShowAsync(id))!;
        Assert.Equal((queue, null, null, null), (revived.Queue, revived.DeadFrom, revived.DeadReason, revived.LastFailure));
        Assert.Equal((0, 0), (revived.Nacks, revived.Deliveries));
        Assert.Equal(0, await Client.QLenAsync(deadLetters));
        Assert.Equal(0, await Client.ReviveAsync(id)); // no longer a dead letter
    }

    [Fact]
    public async Task Out_of_deliveries_jobs_are_dead_letters_and_REVIVE_QUEUE_brings_back_every_one()
    {
        var queue = Names.NewQueue();
        var deadLetters = queue + "-dead";
        var ids = new[]
        {
            await Client.AddJobAsync(queue, "a", new AddJobOptions { MaxDeliveries = 1, DeadLetter = deadLetters }),
            await Client.AddJobAsync(queue, "b", new AddJobOptions { MaxDeliveries = 1, DeadLetter = deadLetters }),
        };
        Assert.Equal(2, (await Client.GetJobsAsync([queue], count: 2, noHang: true)).Count);

        Assert.Equal(2, await Client.NackAsync(ids)); // Disque's NACK: the last delivery failed

        await Wait.Until(async () => await Client.QLenAsync(deadLetters) == 2, what: "both jobs dead letters");
        Assert.All(await Task.WhenAll(ids.Select(id => Client.ShowAsync(id))), j => Assert.Equal((queue, "max-deliveries"), (j!.DeadFrom, j.DeadReason)));

        Assert.Equal(2, await Client.ReviveQueueAsync(deadLetters));

        await Wait.Until(async () => await Client.QLenAsync(queue) == 2, what: "both jobs back on their queue");
        Assert.Equal(0, await Client.ReviveQueueAsync(deadLetters));
    }
}

/// <summary>The contract over RESP.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class RespClientContract(ClientGatewayFixture gateway) : ClientContract(gateway)
{
    protected override Task<IDisqueClient> CreateClient() => Task.FromResult<IDisqueClient>(Gateway.NewClient());

    protected override Task DisposeClient(IDisqueClient client) => ((DisqueClient)client).DisposeAsync().AsTask();
}
