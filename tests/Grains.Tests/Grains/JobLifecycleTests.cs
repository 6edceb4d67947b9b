using Disque.Domain;

namespace Disque.Tests.Grains;

/// <summary>A job's life through the grains on one silo, with job time under the test's control.</summary>
[Collection(OneSiloCollection.Name)]
public sealed class JobLifecycleTests(ClusterFixture fixture)
{
    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static JobSpec Job(string queue, string body = "body", int retry = -1, int ttl = 86400, int delay = 0, long maxLen = 0) =>
        new() { Queue = queue, Body = System.Text.Encoding.UTF8.GetBytes(body), RetrySeconds = retry, TtlSeconds = ttl, DelaySeconds = delay, MaxLen = maxLen };

    private static GetJobSpec NoHang(string queue, int count = 1) => new() { Queues = [queue], NoHang = true, Count = count };

    private async Task<JobId> Add(JobSpec job)
    {
        var added = await fixture.Node().AddJob(job);
        Assert.Null(added.Error);
        return added.Value;
    }

    private async Task<QueuedJob[]> Take(string queue, int count = 1) =>
        (await fixture.Node().GetJobs(NoHang(queue, count))).Value?.Select(d => d.Job).ToArray() ?? [];

    [Fact]
    public async Task SHOW_counts_ttl_and_the_next_awakening_as_Disque_does()
    {
        var queue = NewQueue();
        var queued = await fixture.Node().Show(await Add(Job(queue, retry: 10, ttl: 100)));
        var delayed = await fixture.Node().Show(await Add(Job(queue, retry: 10, ttl: 100, delay: 20)));
        var atMostOnce = await fixture.Node().Show(await Add(Job(queue, retry: 0, ttl: 100)));

        // Whole seconds from the second it was added, so a fresh job shows its full TTL.
        Assert.Equal(100, queued!.TtlSeconds);
        // Queued: awake half a second before the next queueing; delayed: at the end of the DELAY.
        Assert.Equal(10_000 - 500, queued.NextAwakeWithinMs);
        Assert.Equal(20_000, delayed!.NextAwakeWithinMs);
        // Never queued again: awake a second after the expire second.
        Assert.Null(atMostOnce!.NextRequeueWithinMs);
        Assert.InRange(atMostOnce.NextAwakeWithinMs!.Value, 100_001, 101_000);
    }

    [Fact]
    public async Task Add_get_ack()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue, "hello"));

        var job = Assert.Single(await Take(queue));
        Assert.Equal(id, job.Id);
        Assert.Equal("hello"u8.ToArray(), job.Body);
        Assert.Equal(JobState.Active, (await fixture.Node().Show(id))!.State);

        Assert.Equal(1, await fixture.Node().Ack([id]));
        Assert.Null(await fixture.Node().Show(id));
        Assert.Empty(await Take(queue));
    }

    [Fact]
    public async Task An_unacked_job_is_queued_again_after_RETRY()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue, retry: 60));
        Assert.Single(await Take(queue));

        await ClusterFixture.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(await Take(queue));

        await ClusterFixture.Advance(TimeSpan.FromSeconds(31));
        var again = Assert.Single(await Take(queue));
        Assert.Equal(id, again.Id);
        Assert.Equal(1, again.AdditionalDeliveries);
        Assert.Equal(0, again.Nacks);
        await fixture.Node().Ack([id]);
    }

    [Fact]
    public async Task An_at_most_once_job_is_never_delivered_again()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue, retry: 0));
        Assert.True(id.IsAtMostOnce);
        Assert.Single(await Take(queue));

        await ClusterFixture.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await Take(queue));
        Assert.Equal(0, await fixture.Node().Requeue([id], nack: true));
        Assert.Empty(await Take(queue));
    }

    [Fact]
    public async Task A_job_expires_at_its_TTL_even_while_queued()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue, ttl: 100));
        Assert.Equal(1, await fixture.Node().QueueLength(queue));

        await ClusterFixture.Advance(TimeSpan.FromSeconds(101));

        Assert.Null(await fixture.Node().Show(id));
        Assert.Equal(0, await fixture.Node().QueueLength(queue));
    }

    [Fact]
    public async Task A_delayed_job_is_queued_when_the_delay_ends()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue, delay: 50));
        Assert.Empty(await Take(queue));

        await ClusterFixture.Advance(TimeSpan.FromSeconds(51));

        var job = Assert.Single(await Take(queue));
        Assert.Equal(id, job.Id);
        Assert.Equal(0, job.AdditionalDeliveries); // its first queueing
    }

    [Fact]
    public async Task NACK_and_ENQUEUE_count_as_Disque_counts()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue));
        Assert.Single(await Take(queue));

        Assert.Equal(1, await fixture.Node().Requeue([id], nack: true));
        Assert.Equal(1, Assert.Single(await Take(queue)).Nacks);
        Assert.Equal(1, await fixture.Node().Requeue([id], nack: false));
        var job = Assert.Single(await Take(queue));
        Assert.Equal((1, 1), (job.Nacks, job.AdditionalDeliveries));
        Assert.Equal(0, await fixture.Node().Requeue([id, id], nack: false) - 1); // once per distinct id
    }

    [Fact]
    public async Task PAUSE_in_refuses_new_jobs_and_holds_requeues_back()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue, retry: 10));
        Assert.Single(await Take(queue));
        await fixture.Node().Pause(queue, PauseState.In, update: true);

        Assert.Equal(DisqueError.Paused, (await fixture.Node().AddJob(Job(queue))).Error);
        await ClusterFixture.Advance(TimeSpan.FromSeconds(11));
        Assert.Empty(await Take(queue)); // the RETRY requeue waits while paused in

        await fixture.Node().Pause(queue, PauseState.None, update: true);
        await ClusterFixture.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(id, Assert.Single(await Take(queue)).Id);
    }

    [Fact]
    public async Task PAUSE_out_holds_jobs_until_unpaused()
    {
        var queue = NewQueue();
        await fixture.Node().Pause(queue, PauseState.Out, update: true);
        var id = await Add(Job(queue));
        Assert.Empty(await Take(queue));

        Assert.Equal(PauseState.None, await fixture.Node().Pause(queue, PauseState.None, update: true));

        Assert.Equal(id, Assert.Single(await Take(queue)).Id);
    }

    [Fact]
    public async Task MAXLEN_counts_what_is_queued()
    {
        var queue = NewQueue();
        await Add(Job(queue, maxLen: 2));
        await Add(Job(queue, maxLen: 2));

        Assert.Equal(DisqueError.MaxLen, (await fixture.Node().AddJob(Job(queue, maxLen: 2))).Error);
        Assert.Single(await Take(queue));
        await Add(Job(queue, maxLen: 2));
    }

    [Fact]
    public async Task A_blocked_consumer_gets_the_first_job_to_arrive()
    {
        var queue = NewQueue();
        var waiting = fixture.Node().GetJobs(new GetJobSpec { Queues = [NewQueue(), queue], TimeoutMs = 60_000 }).AsTask();
        await Wait.Until(async () => (await fixture.Node().QueueStats(queue))?.Blocked == 1, what: "the consumer waits on the queue");
        Assert.False(waiting.IsCompleted);

        var id = await Add(Job(queue));

        var got = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(id, Assert.Single(got.Value!).Job.Id);
        Assert.Equal(queue, got.Value![0].Queue);
    }

    [Fact]
    public async Task The_job_grain_answers_for_its_job()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue));
        var job = fixture.Cluster.Client.GetGrain<IJobGrain>(id.ToString());

        Assert.Equal(JobState.Queued, (await job.Show())!.State);
        Assert.True(await job.Dequeue());
        Assert.Equal(0, await fixture.Node().QueueLength(queue));
        Assert.True(await job.Enqueue());
        Assert.Equal(1, await fixture.Node().QueueLength(queue));
        Assert.Equal(JobRules.DefaultRetrySeconds(86400), (await job.Working()).Value);
        Assert.True(await job.Ack());
        Assert.False(await job.Ack());
        Assert.Null(await job.Show());
    }
}
