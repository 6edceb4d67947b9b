namespace Disque.Tests.Grains;

/// <summary>Ours (issue 21): unique jobs, WAITJOB and AFTER through the grains, with job time under the test's control.</summary>
[Collection(OneSiloCollection.Name)]
public sealed class CoordinationTests(ClusterFixture fixture)
{
    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N");

    private static JobSpec Job(string queue, string body = "body") => new() { Queue = queue, Body = System.Text.Encoding.UTF8.GetBytes(body), RetrySeconds = 10 };

    private async Task<JobId> Add(JobSpec job)
    {
        var added = await fixture.Node().AddJob(job);
        Assert.Null(added.Error);
        return added.Value;
    }

    /// <summary>An id shaped as this silo makes them that no store knows.</summary>
    private static JobId Unknown(JobId real)
    {
        var text = real.ToString();
        return JobId.Parse(text[..11] + "AAAAAAAA" + text[19..]);
    }

    [Fact]
    public async Task A_unique_key_answers_its_live_job_until_the_job_is_acked()
    {
        var (queue, key) = (NewName("q"), NewName("invoice"));
        var first = await Add(Job(queue) with { UniqueKey = key });
        Assert.Equal(first, await Add(Job(queue, "other") with { UniqueKey = key }));
        Assert.Equal(1, await fixture.Node().QueueLength(queue));
        Assert.Equal(key, (await fixture.Node().Show(first))!.Extras!.UniqueKey);

        Assert.Equal(1, await fixture.Node().Ack([first]));
        var second = await Add(Job(queue) with { UniqueKey = key });
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_deleted_or_expired_job_frees_its_key()
    {
        var (queue, key) = (NewName("q"), NewName("k"));
        var first = await Add(Job(queue) with { UniqueKey = key });
        Assert.Equal(1, await fixture.Node().Delete([first]));
        var second = await Add(Job(queue) with { UniqueKey = key, TtlSeconds = 5, RetrySeconds = 1 });
        Assert.NotEqual(first, second);

        await ClusterFixture.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(await fixture.Node().Show(second));
        Assert.NotEqual(second, await Add(Job(queue) with { UniqueKey = key }));
    }

    [Fact]
    public async Task UNIQUEFOR_keeps_the_key_for_its_window_after_the_ack()
    {
        var (queue, key) = (NewName("q"), NewName("k"));
        var first = await Add(Job(queue) with { UniqueKey = key, UniqueForSeconds = 60 });
        Assert.Equal(1, await fixture.Node().Ack([first]));
        Assert.Equal(first, await Add(Job(queue) with { UniqueKey = key }));

        await ClusterFixture.Advance(TimeSpan.FromSeconds(61));
        Assert.NotEqual(first, await Add(Job(queue) with { UniqueKey = key }));
    }

    [Fact]
    public async Task WAITJOB_answers_how_each_job_ended_once_all_did()
    {
        var queue = NewName("q");
        var (acked, deleted) = (await Add(Job(queue)), await Add(Job(queue)));
        var waiting = fixture.Node().WaitJobs([acked, deleted], timeoutMs: 0);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        await fixture.Node().Ack([acked]);
        Assert.False(waiting.IsCompleted);
        await fixture.Node().Delete([deleted]);
        Assert.Equal([JobEnd.Acked, JobEnd.Deleted], await waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        // Asked after the fact, the stores still remember.
        Assert.Equal([JobEnd.Acked, JobEnd.Unknown], await fixture.Node().WaitJobs([acked, Unknown(acked)], timeoutMs: 0));
    }

    [Fact]
    public async Task WAITJOB_tells_an_expired_job_and_a_pending_one_at_its_timeout()
    {
        var queue = NewName("q");
        var (expiring, staying) = (await Add(Job(queue) with { TtlSeconds = 5, RetrySeconds = 1 }), await Add(Job(queue)));
        var waiting = fixture.Node().WaitJobs([expiring], timeoutMs: 0);
        await ClusterFixture.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal([JobEnd.Expired], await waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        var timedOut = fixture.Node().WaitJobs([staying], timeoutMs: 1000);
        await ClusterFixture.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([JobEnd.Pending], await timedOut.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WAITJOB_tells_a_dead_letter()
    {
        var queue = NewName("q");
        var id = await Add(Job(queue));
        var waiting = fixture.Node().WaitJobs([id], timeoutMs: 0);
        Assert.NotNull((await fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], NoHang = true })).Value);
        Assert.Equal(1, await fixture.Node().Verdict([id], new JobVerdict { ForGood = true }));
        Assert.Equal([JobEnd.DeadLettered], await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AFTER_refuses_an_unknown_or_failed_job()
    {
        var queue = NewName("q");
        var failed = await Add(Job(queue));
        Assert.Equal(DisqueError.UnknownDependency, (await fixture.Node().AddJob(Job(queue) with { After = [Unknown(failed)] })).Error);
        await fixture.Node().Delete([failed]);
        Assert.Equal(DisqueError.FailedDependency, (await fixture.Node().AddJob(Job(queue) with { After = [failed] })).Error);
    }

    [Fact]
    public async Task A_job_AFTER_others_is_queued_once_they_are_all_acked()
    {
        var (parents, queue) = (NewName("p"), NewName("q"));
        var (a, b) = (await Add(Job(parents)), await Add(Job(parents)));
        var child = await Add(Job(queue) with { After = [a, b] });

        var shown = (await fixture.Node().Show(child))!;
        Assert.Equal(JobState.Active, shown.State);
        Assert.Equal([a, b], shown.Extras!.After!);
        Assert.Equal(1, await fixture.Node().Ack([a]));
        await Eventually(async () => (await fixture.Node().Show(child))!.Extras!.After is [var left] && left == b);
        Assert.Equal(0, await fixture.Node().QueueLength(queue));

        Assert.Equal(1, await fixture.Node().Ack([b]));
        await Eventually(async () => await fixture.Node().QueueLength(queue) == 1);
        Assert.Null((await fixture.Node().Show(child))!.Extras!.After);
    }

    [Fact]
    public async Task ONFAIL_chooses_between_cancelling_and_queueing_when_a_parent_fails()
    {
        var (parents, queue) = (NewName("p"), NewName("q"));
        var parent = await Add(Job(parents));
        var cancelled = await Add(Job(queue) with { After = [parent] });
        var queuedAnyway = await Add(Job(queue) with { After = [parent], OnFail = OnFail.Queue });

        Assert.NotNull((await fixture.Node().GetJobs(new GetJobSpec { Queues = [parents], NoHang = true })).Value);
        Assert.Equal(1, await fixture.Node().Verdict([parent], new JobVerdict { ForGood = true }));

        await Eventually(async () => await fixture.Node().Show(cancelled) is null);
        await Eventually(async () => await fixture.Node().QueueLength(queue) == 1);
        Assert.Equal(queuedAnyway, Assert.Single((await fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], NoHang = true })).Value!).Job.Id);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(20);
        }
    }
}
