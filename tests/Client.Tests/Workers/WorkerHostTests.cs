using System.Collections.Concurrent;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Workers;

/// <summary>
/// The worker host on a real gateway: exactly-once handling, NACK and dead letters (the server's,
/// and the client-side ones against a plain Disque), WORKING for long jobs.
/// </summary>
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
    public async Task Against_a_plain_Disque_a_failing_job_is_NACKed_and_retried_then_dead_lettered_after_MaxNacks()
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
        }, WorkerHost.AsPlainDisque(gateway));

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
    public async Task Against_a_plain_Disque_without_a_dead_letter_queue_a_job_out_of_NACKs_is_acknowledged()
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
        }, WorkerHost.AsPlainDisque(gateway));

        var id = await producer.AddJobAsync(queue, JobBody.Create("fails", 0));

        await Wait.Until(async () => await producer.ShowAsync(id) is null, what: "the job acknowledged");
        Assert.Equal(2, host.RunsOf(id));
    }

    [Fact]
    public async Task With_the_servers_policy_a_job_that_always_fails_ends_in_its_dead_letter_queue_with_the_exception_as_last_failure()
    {
        await using var producer = gateway.NewClient();
        var (queue, clientSide) = (Names.NewQueue("tasks"), Names.NewQueue("client-dead"));
        var deadLetters = queue + ":dead";
        await using var host = await WorkerHost.Start(gateway, (o, h) =>
        {
            o.Queues = [queue];
            o.MaxNacks = 3;
            o.DeadLetterQueue = clientSide; // not used: the server keeps the dead letters
            o.Handle("always-fails", (job, _) =>
            {
                h.Ran(job);
                throw new InvalidOperationException($"broken at run {h.RunsOf(job.Job.Id)}");
            });
        });

        var id = await producer.AddJobAsync(queue, JobBody.Create("always-fails", new { n = 1 }));

        await Wait.Until(async () => (await producer.ShowAsync(id))?.IsDeadLetter == true, what: "the job dead-lettered");
        var dead = (await producer.ShowAsync(id))!;
        Assert.Equal((deadLetters, queue, "failed"), (dead.Queue, dead.DeadFrom, dead.DeadReason)); // the same job, moved by FAILJOB
        Assert.Equal("InvalidOperationException: broken at run 3", dead.LastFailure);
        Assert.InRange(dead.LastFailureTime!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(2, dead.Nacks); // two NACKJOBs, then FAILJOB at the third delivery
        Assert.Equal([0, 1, 2], host.Runs.Where(r => r.Id == id).Select(r => r.Nacks));
        Assert.Equal(id, Assert.Single(await producer.QPeekAsync(deadLetters, 10)).Id);
        Assert.Equal(0, await producer.QLenAsync(queue));
        Assert.Equal(0, await producer.QLenAsync(clientSide));
    }

    [Fact]
    public async Task With_the_servers_policy_a_NACK_carries_the_exception_and_a_long_one_is_cut_to_1024_bytes()
    {
        await using var producer = gateway.NewClient();
        var queue = Names.NewQueue("tasks");
        var seen = new TaskCompletionSource<JobDetails>();
        await using var host = await WorkerHost.Start(gateway, (o, h) =>
        {
            o.Queues = [queue];
            o.MaxNacks = 2;
            o.Handle("fails-long", async (job, _) =>
            {
                h.Ran(job);
                if (job.Nacks == 1) // the second run sees what the first NACKJOB left
                    seen.TrySetResult((await producer.ShowAsync(job.Job.Id))!);
                throw new InvalidOperationException(new string('é', 2000));
            });
        });

        var id = await producer.AddJobAsync(queue, JobBody.Create("fails-long", 0));

        var nacked = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var expected = "InvalidOperationException: " + new string('é', 498); // 27 + 996 bytes: the next 'é' would pass 1,024
        Assert.Equal(expected, nacked.LastFailure);
        Assert.Null(nacked.DeadFrom);
        await Wait.Until(async () => (await producer.ShowAsync(id))?.IsDeadLetter == true, what: "the job dead-lettered at its second delivery");
        Assert.Equal(expected, (await producer.ShowAsync(id))!.LastFailure);
    }

    [Fact]
    public async Task With_UseServerPolicy_off_the_client_side_dead_letter_queue_is_used_on_Disque_Orleans_too()
    {
        await using var producer = gateway.NewClient();
        var (queue, deadLetters) = (Names.NewQueue("tasks"), Names.NewQueue("dead"));
        await using var host = await WorkerHost.Start(gateway, (o, _) =>
        {
            o.Queues = [queue];
            o.MaxNacks = 0;
            o.UseServerPolicy = false;
            o.DeadLetterQueue = deadLetters;
            o.Handle("fails", (_, _) => throw new InvalidOperationException("broken"));
        });

        var id = await producer.AddJobAsync(queue, JobBody.Create("fails", 0));

        await Wait.Until(async () => await producer.QLenAsync(deadLetters) == 1, what: "a copy in the client-side dead-letter queue");
        Assert.NotEqual(id, Assert.Single(await producer.QPeekAsync(deadLetters, 1)).Id); // a new job, the old one acknowledged
        Assert.Equal(0, await producer.QLenAsync(queue + ":dead"));
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
