using System.Collections.Concurrent;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Workers;

/// <summary>The worker host on a real gateway: exactly-once handling, NACK and dead letters, WORKING for long jobs.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class WorkerHostTests(ClientGatewayFixture gateway)
{
    private sealed record Download(string Url, int N);

    private sealed record Foo(int N);

    [Fact]
    public async Task A_thousand_download_and_foo_jobs_are_each_handled_once_by_ten_workers()
    {
        await using var producer = gateway.NewClient();
        var queue = Names.NewQueue("tasks");
        var handled = new ConcurrentDictionary<int, string>();
        var duplicates = 0;
        var (running, mostAtOnce) = (0, 0);
        async Task Handle(int n, string name)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            await Task.Delay(Random.Shared.Next(1, 5));
            if (!handled.TryAdd(n, name))
                Interlocked.Increment(ref duplicates);
            Interlocked.Decrement(ref running);
        }

        var ids = await Task.WhenAll(Enumerable.Range(0, 1000).Select(n => producer.AddJobAsync(queue,
            n % 2 == 0 ? JobBody.Create("download", new Download($"https://example.com/{n}", n)) : JobBody.Create("foo", new Foo(n)))));
        await using var host = await WorkerHost.Start(gateway, (o, _) =>
        {
            o.Queues = [queue];
            o.Concurrency = 10;
            o.Handle<Download>("download", (task, _, _) => Handle(task.N, "download"));
            o.Handle<Foo>("foo", (task, _, _) => Handle(task.N, "foo"));
        });

        await Wait.Until(() => handled.Count == 1000, seconds: 60, what: "1,000 jobs handled");
        await Wait.Until(async () => (await Task.WhenAll(ids.Select(id => producer.ShowAsync(id)))).All(j => j is null), what: "every job acknowledged");
        await host.Stop();

        Assert.Equal(0, duplicates);
        Assert.All(handled, h => Assert.Equal(h.Key % 2 == 0 ? "download" : "foo", h.Value));
        Assert.InRange(mostAtOnce, 2, 10);
        Assert.Equal(0, await producer.QLenAsync(queue));
    }

    [Fact]
    public async Task A_failing_job_is_NACKed_and_retried_then_dead_lettered_after_MaxNacks()
    {
        await using var producer = gateway.NewClient();
        var (queue, deadLetters) = (Names.NewQueue("tasks"), Names.NewQueue("dead"));
        var attempts = new ConcurrentDictionary<string, int>();
        await using var host = await WorkerHost.Start(gateway, (o, h) =>
        {
            o.Queues = [queue];
            o.MaxNacks = 2;
            o.DeadLetterQueue = deadLetters;
            o.Handle("always-fails", (job, _) =>
            {
                h.Ran(job);
                throw new InvalidOperationException("broken");
            });
            o.Handle("fails-once", (job, _) =>
            {
                h.Ran(job);
                return attempts.AddOrUpdate(job.Job.Id, 1, (_, n) => n + 1) == 1 ? throw new InvalidOperationException("once") : Task.CompletedTask;
            });
        });

        var failing = await producer.AddJobAsync(queue, JobBody.Create("always-fails", new { n = 1 }));
        var flaky = await producer.AddJobAsync(queue, JobBody.Create("fails-once", new { n = 2 }));
        var unknown = await producer.AddJobAsync(queue, JobBody.Create("nobody-handles-this", new { n = 3 }));
        var notJson = await producer.AddJobAsync(queue, "plain text");

        await Wait.Until(async () => await producer.QLenAsync(deadLetters) == 3, what: "three jobs dead-lettered");
        await Wait.Until(async () => await producer.ShowAsync(flaky) is null, what: "the flaky job acknowledged");

        Assert.Equal([0, 1, 2], host.Runs.Where(r => r.Id == failing).Select(r => r.Nacks)); // run, NACK, run, NACK, run, dead letter
        Assert.Equal([0, 1], host.Runs.Where(r => r.Id == flaky).Select(r => r.Nacks));
        var dead = await producer.QPeekAsync(deadLetters, 10);
        Assert.Equal( // the bodies, as they were
            new[] { """{"name":"always-fails","payload":{"n":1}}""", """{"name":"nobody-handles-this","payload":{"n":3}}""", "plain text" }.Order(),
            dead.Select(j => j.BodyText).Order());
        foreach (var id in new[] { failing, unknown, notJson })
            Assert.Null(await producer.ShowAsync(id)); // acknowledged where it was: it lives on only in the dead-letter queue
        Assert.Equal(0, await producer.QLenAsync(queue));
    }

    [Fact]
    public async Task Without_a_dead_letter_queue_a_job_out_of_NACKs_is_acknowledged()
    {
        await using var producer = gateway.NewClient();
        var queue = Names.NewQueue("tasks");
        await using var host = await WorkerHost.Start(gateway, (o, h) =>
        {
            o.Queues = [queue];
            o.MaxNacks = 1;
            o.Handle("fails", (job, _) =>
            {
                h.Ran(job);
                throw new InvalidOperationException("broken");
            });
        });

        var id = await producer.AddJobAsync(queue, JobBody.Create("fails", 0));

        await Wait.Until(async () => await producer.ShowAsync(id) is null, what: "the job acknowledged");
        Assert.Equal(2, host.RunsOf(id));
    }

    [Fact]
    public async Task A_long_job_is_kept_with_WORKING_and_not_delivered_twice()
    {
        var (runs, job) = await RunFiveSecondJobWithRetryTwo(heartbeats: true);

        Assert.Equal(1, runs);
        Assert.Equal("active", job.State); // at 5 s, past two of its 2 s RETRYs, still held
        Assert.Equal(0, job.AdditionalDeliveries);
    }

    [Fact]
    public async Task Without_heartbeats_the_same_job_is_delivered_again_after_its_RETRY()
    {
        // The control for the test above: it shows that test can fail.
        var (runs, job) = await RunFiveSecondJobWithRetryTwo(heartbeats: false);

        Assert.InRange(runs, 2, 10);
        Assert.True(job.AdditionalDeliveries > 0);
    }

    /// <summary>
    /// One job, RETRY 2, whose handler runs 5 s, with three workers ready to take it again: its runs,
    /// and SHOW as its first run ends (past two RETRYs), before that run acknowledges it.
    /// </summary>
    private async Task<(int Runs, JobDetails Job)> RunFiveSecondJobWithRetryTwo(bool heartbeats)
    {
        await using var producer = gateway.NewClient();
        var queue = Names.NewQueue("tasks");
        var id = await producer.AddJobAsync(queue, JobBody.Create("slow", 0), new AddJobOptions { Retry = TimeSpan.FromSeconds(2) });
        var firstRun = 0;
        var shown = new TaskCompletionSource<JobDetails>();
        await using var host = await WorkerHost.Start(gateway, (o, h) =>
        {
            o.Queues = [queue];
            o.Concurrency = 3;
            o.FirstHeartbeat = heartbeats ? TimeSpan.FromMilliseconds(500) : Timeout.InfiniteTimeSpan;
            o.Handle("slow", async (job, _) =>
            {
                h.Ran(job);
                var first = Interlocked.Exchange(ref firstRun, 1) == 0;
                await Task.Delay(5000); // the work
                if (first)
                    shown.TrySetResult((await producer.ShowAsync(id))!);
            });
        });

        var job = await shown.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Wait.Until(async () => await producer.ShowAsync(id) is null, what: "the job acknowledged");
        return (host.RunsOf(id), job);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var now && now != seen)
            seen = now;
    }
}
