namespace Disque.Tests.Grains;

/// <summary>Ours, beyond Disque: max deliveries, dead letters, back-off, verdicts and priorities through the grains, with job time under the test's control.</summary>
[Collection(OneSiloCollection.Name)]
public sealed class FailurePolicyTests(ClusterFixture fixture)
{
    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static JobSpec Job(string queue, string body = "body") => new() { Queue = queue, Body = System.Text.Encoding.UTF8.GetBytes(body), RetrySeconds = 10 };

    private async Task<JobId> Add(JobSpec job)
    {
        var added = await fixture.Node().AddJob(job);
        Assert.Null(added.Error);
        return added.Value;
    }

    private async Task<QueuedJob[]> Take(string queue, int count = 1) =>
        (await fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = count })).Value?.Select(d => d.Job).ToArray() ?? [];

    [Fact]
    public async Task After_its_last_delivery_an_unacked_job_becomes_a_dead_letter_with_its_history()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue) with { MaxDeliveries = 2 });

        Assert.Single(await Take(queue));
        await ClusterFixture.Advance(TimeSpan.FromSeconds(11)); // RETRY passes: delivered again
        Assert.Single(await Take(queue));
        Assert.Equal(1, await fixture.Node().Verdict([id], new JobVerdict { Reason = "upstream 503" }));

        var dead = (await fixture.Node().Show(id))!;
        Assert.Equal(DeadLetters.DefaultQueue(queue), dead.Queue);
        Assert.Equal(JobState.Queued, dead.State);
        Assert.Equal((queue, DeadLetters.MaxDeliveriesReason, "upstream 503", 2), (dead.Extras!.DeadFrom, dead.Extras.DeadReason, dead.Extras.LastFailure, dead.Deliveries));
        Assert.Empty(await Take(queue));
        Assert.Equal(1, await fixture.Node().QueueLength(DeadLetters.DefaultQueue(queue)));
    }

    [Fact]
    public async Task RETRY_passing_on_the_last_delivery_dead_letters_the_job_into_the_queue_it_names()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue) with { MaxDeliveries = 1, DeadLetter = queue + "-failed" });

        Assert.Single(await Take(queue));
        await ClusterFixture.Advance(TimeSpan.FromSeconds(11));

        var dead = (await fixture.Node().Show(id))!;
        Assert.Equal((queue + "-failed", "timeout"), (dead.Queue, dead.Extras!.LastFailure));
        Assert.Equal(id, Assert.Single(await Take(queue + "-failed")).Id);
    }

    [Fact]
    public async Task FAILJOB_dead_letters_at_once_and_REVIVE_puts_the_job_back_with_its_history_reset()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue));
        Assert.Single(await Take(queue));

        Assert.Equal(1, await fixture.Node().Verdict([id], new JobVerdict { ForGood = true, Reason = "bad input" }));
        var dead = (await fixture.Node().Show(id))!;
        Assert.Equal(("bad input", DeadLetters.FailedReason), (dead.Extras!.LastFailure, dead.Extras.DeadReason));
        // A dead letter is failed once: a second verdict moves nothing.
        Assert.Equal(0, await fixture.Node().Verdict([id], new JobVerdict { ForGood = true }));

        Assert.Equal(1, await fixture.Node().Revive([id]));
        var back = (await fixture.Node().Show(id))!;
        Assert.Equal((queue, JobState.Queued, 0, 0), (back.Queue, back.State, back.Deliveries, back.Nacks));
        Assert.Null(back.Extras!.DeadFrom);
        Assert.Equal(id, Assert.Single(await Take(queue)).Id);
        Assert.Equal(0, await fixture.Node().Revive([id]));
    }

    [Fact]
    public async Task REVIVE_QUEUE_takes_every_dead_letter_of_a_dead_letter_queue_home()
    {
        var queue = NewQueue();
        var ids = new[] { await Add(Job(queue)), await Add(Job(queue)) };
        Assert.Equal(2, (await Take(queue, 2)).Length);
        await fixture.Node().Verdict(ids, new JobVerdict { ForGood = true });

        Assert.Equal(2, await fixture.Node().ReviveQueue(DeadLetters.DefaultQueue(queue)));

        Assert.Equal(2, await fixture.Node().QueueLength(queue));
        Assert.Equal(0, await fixture.Node().QueueLength(DeadLetters.DefaultQueue(queue)));
    }

    [Fact]
    public async Task NACKJOB_with_a_DELAY_queues_the_job_only_once_the_delay_passed()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue));
        Assert.Single(await Take(queue));

        Assert.Equal(1, await fixture.Node().Verdict([id], new JobVerdict { DelaySeconds = 5, Reason = "later" }));
        Assert.Empty(await Take(queue));
        var waiting = (await fixture.Node().Show(id))!;
        Assert.Equal((JobState.Active, 1, "later"), (waiting.State, waiting.Nacks, waiting.Extras!.LastFailure));

        await ClusterFixture.Advance(TimeSpan.FromSeconds(6));

        var again = Assert.Single(await Take(queue));
        Assert.Equal((id, 1, 0), (again.Id, again.Nacks, again.AdditionalDeliveries));
    }

    [Fact]
    public async Task A_plain_NACK_on_a_job_with_a_backoff_waits_the_backoff()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue) with { Backoff = new Backoff(20, 20) });
        Assert.Single(await Take(queue));

        Assert.Equal(1, await fixture.Node().Requeue([id], nack: true));
        Assert.Empty(await Take(queue));
        Assert.InRange((await fixture.Node().Show(id))!.NextRequeueWithinMs!.Value, 10_000 - 1_000, 20_000);

        await ClusterFixture.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(id, Assert.Single(await Take(queue)).Id);
    }

    [Fact]
    public async Task A_plain_job_is_NACKed_as_Disque_NACKs_and_shows_as_Disque_shows()
    {
        var queue = NewQueue();
        var id = await Add(Job(queue));
        Assert.Single(await Take(queue));

        Assert.Equal(1, await fixture.Node().Requeue([id], nack: true));

        Assert.Equal(id, Assert.Single(await Take(queue)).Id);
        Assert.Null((await fixture.Node().Show(id))!.Extras);
    }

    [Fact]
    public async Task The_most_urgent_job_is_served_first_and_FIFO_within_a_priority()
    {
        var queue = NewQueue();
        var plain = await Add(Job(queue, "plain"));
        var low = await Add(Job(queue, "low") with { Priority = 1 });
        var high = await Add(Job(queue, "high") with { Priority = 9 });
        var low2 = await Add(Job(queue, "low2") with { Priority = 1 });

        Assert.Equal([high, low, low2, plain], (await Take(queue, 4)).Select(j => j.Id));
    }
}
