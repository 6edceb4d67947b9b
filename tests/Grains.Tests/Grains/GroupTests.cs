namespace Disque.Tests.Grains;

/// <summary>Ours, beyond Disque: groups through the grains, with job time under the test's control.</summary>
[Collection(OneSiloCollection.Name)]
public sealed class GroupTests(ClusterFixture fixture)
{
    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static JobSpec Job(string queue, string? group, int limit = 0) =>
        new() { Queue = queue, Body = "body"u8.ToArray(), RetrySeconds = 10, Group = group, GroupLimit = limit };

    private async Task<JobId> Add(JobSpec job)
    {
        var added = await fixture.Node().AddJob(job);
        Assert.Null(added.Error);
        return added.Value;
    }

    private async Task<JobId[]> Take(string queue, int count = 1) =>
        (await fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = count })).Value?.Select(d => d.Job.Id).ToArray() ?? [];

    [Fact]
    public async Task A_group_is_served_in_order_one_at_a_time_and_each_ending_lets_the_next_go()
    {
        var queue = NewQueue();
        var ids = new List<JobId>();
        for (var i = 0; i < 6; i++)
            ids.Add(await Add(Job(queue, "g")));

        Assert.Equal([ids[0]], await Take(queue, 10));
        Assert.Equal(1, await fixture.Node().Ack([ids[0]])); // ACK
        Assert.Equal([ids[1]], await Take(queue, 10));
        await ClusterFixture.Advance(TimeSpan.FromSeconds(11)); // RETRY passes: queued again, first in line
        Assert.Equal([ids[1]], await Take(queue, 10));
        Assert.Equal(1, await fixture.Node().Requeue([ids[1]], nack: true)); // NACK: queued again at once
        Assert.Equal([ids[1]], await Take(queue, 10));
        Assert.Equal(1, await fixture.Node().Verdict([ids[1]], new JobVerdict { DelaySeconds = 60 })); // NACKJOB DELAY: waits, not active
        Assert.Equal([ids[2]], await Take(queue, 10));
        Assert.Equal(1, await fixture.Node().Verdict([ids[2]], new JobVerdict { ForGood = true })); // FAILJOB: a dead letter
        Assert.Equal([ids[3]], await Take(queue, 10));

        var stats = (await fixture.Node().QueueStats(queue))!;
        Assert.Equal(new QueueGroup("g", 2, 1, 1), Assert.Single(stats.Groups));
        Assert.Equal(2, stats.Length);
    }

    [Fact]
    public async Task A_blocked_consumer_gets_the_next_job_of_a_group_once_the_active_one_is_acked()
    {
        var queue = NewQueue();
        var (first, second) = (await Add(Job(queue, "g")), await Add(Job(queue, "g")));
        Assert.Equal([first], await Take(queue));

        var waiting = fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], TimeoutMs = 10_000 });
        await fixture.Node().Ack([first]);

        var got = (await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Value!;
        Assert.Equal(second, Assert.Single(got).Job.Id);
    }

    [Fact]
    public async Task Groups_take_turns_and_plain_jobs_are_served_beside_them()
    {
        var queue = NewQueue();
        for (var i = 0; i < 5; i++)
            await Add(Job(queue, "big", limit: 10));
        var small = await Add(Job(queue, "small"));
        var plain = await Add(Job(queue, group: null));

        var taken = await Take(queue, 3);

        Assert.Contains(small, taken);
        Assert.Contains(plain, taken);
    }

    [Fact]
    public async Task DELJOB_and_TTL_free_the_group()
    {
        var queue = NewQueue();
        var first = await Add(Job(queue, "g") with { TtlSeconds = 30, RetrySeconds = 20 });
        var second = await Add(Job(queue, "g"));
        var third = await Add(Job(queue, "g"));
        Assert.Equal([first], await Take(queue));

        await ClusterFixture.Advance(TimeSpan.FromSeconds(31)); // first's TTL ends while it is active
        Assert.Equal([second], await Take(queue));
        Assert.Equal(1, await fixture.Node().Delete([second]));
        Assert.Equal([third], await Take(queue));
    }

    [Fact]
    public async Task SHOW_tells_the_group_and_QSTAT_a_plain_queue_shows_no_group()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue, "tenant-7", limit: 3));
        await Add(Job(queue + "-plain", group: null));

        var shown = (await fixture.Node().Show(id))!;
        Assert.Equal(("tenant-7", 3), (shown.Extras!.Group, shown.Extras.GroupLimit));
        Assert.Empty((await fixture.Node().QueueStats(queue + "-plain"))!.Groups);
        Assert.Equal(new QueueGroup("tenant-7", 1, 0, 3), Assert.Single((await fixture.Node().QueueStats(queue))!.Groups));
    }
}
