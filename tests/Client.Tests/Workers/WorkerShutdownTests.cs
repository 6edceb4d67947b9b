using System.Collections.Concurrent;
using Disque.Client.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Disque.Client.Tests.Workers;

/// <summary>
/// Stopping a worker host mid-run: every job is counted afterwards, and each is
/// either acknowledged (its handler finished) or queued again; none is left
/// active, waiting for its RETRY.
/// </summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class WorkerShutdownTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task Stopping_lets_the_running_jobs_finish_and_takes_no_more()
    {
        var started = new ConcurrentDictionary<string, bool>();
        var finished = new ConcurrentDictionary<string, bool>();

        var (acked, queued) = await StopMidRun(stopTimeout: TimeSpan.FromSeconds(20), async (job, abandon) =>
        {
            started[job.Job.Id] = true;
            await Task.Delay(Random.Shared.Next(200, 1500), abandon);
            finished[job.Job.Id] = true;
        }, stopWhen: () => finished.Count >= 10);

        Assert.Equal(started.Keys.Order(), finished.Keys.Order()); // every job begun was finished
        Assert.Equal(finished.Keys.Order(), acked.Order());
        Assert.All(queued, j => Assert.Equal(0, j.Nacks)); // the rest were never touched
    }

    [Fact]
    public async Task At_the_stop_timeout_the_running_jobs_are_NACKed_back_to_their_queue()
    {
        var started = new ConcurrentDictionary<string, bool>();
        var finished = new ConcurrentDictionary<string, bool>();

        var (acked, queued) = await StopMidRun(stopTimeout: TimeSpan.FromMilliseconds(500), async (job, abandon) =>
        {
            started[job.Job.Id] = true;
            // A few jobs are quick; most run far past the stop timeout.
            await Task.Delay(job.PayloadAs<int>() % 10 == 0 ? 50 : 30_000, abandon);
            finished[job.Job.Id] = true;
        }, stopWhen: () => started.Count - finished.Count == 10); // every worker in a long job

        Assert.Equal(finished.Keys.Order(), acked.Order());
        var cutShort = started.Keys.Except(finished.Keys).ToList();
        Assert.NotEmpty(cutShort);
        Assert.All(cutShort, id => Assert.Equal(1, queued.Single(j => j.Id == id).Nacks));
    }

    [Fact]
    public async Task A_WORKING_sent_just_before_the_stop_timeout_does_not_take_the_NACKed_job_out_of_its_queue()
    {
        // WORKING takes a queued job out of its queue (as in Disque): one that lands after the NACK undoes it.
        await using var producer = gateway.NewClient();
        var queue = Names.NewQueue("tasks");
        var id = await producer.AddJobAsync(queue, JobBody.Create("work", 0));
        var started = new TaskCompletionSource();
        LateWorkingClient? late = null;
        var host = await WorkerHost.Start(gateway, (o, _) =>
        {
            o.Queues = [queue];
            o.Concurrency = 1;
            o.FirstHeartbeat = TimeSpan.FromMilliseconds(200); // sent at 200 ms, lands at 800 ms
            o.StopTimeout = TimeSpan.FromMilliseconds(300);   // the NACK goes at about 300 ms
            o.Handle("work", async (_, abandon) =>
            {
                started.TrySetResult();
                await Task.Delay(30_000, abandon);
            });
        }, services => services
            .AddSingleton(_ => gateway.NewClient())
            .AddSingleton<IDisqueClient>(s => late = new LateWorkingClient(s.GetRequiredService<DisqueClient>(), TimeSpan.FromMilliseconds(600))));

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await host.DisposeAsync();
        await Wait.Until(() => late!.Workings is var w && w.Landed == w.Sent, what: "whatever WORKING was on its way has landed");

        var job = await producer.ShowAsync(id);
        Assert.NotNull(job);
        Assert.Equal(1, job.Nacks);
        Assert.Equal("queued", job.State);
        Assert.Equal(1, await producer.QLenAsync(queue));
    }

    /// <summary>
    /// 200 jobs, ten workers; the host is stopped once <paramref name="stopWhen"/> holds. Every job is then
    /// looked up: the ids acknowledged (gone), and SHOW of the ones queued again. None may be
    /// in another state, and the two add up to all 200.
    /// </summary>
    private async Task<(List<string> Acked, List<JobDetails> Queued)> StopMidRun(TimeSpan stopTimeout, Hosting.JobHandler work, Func<bool> stopWhen)
    {
        await using var producer = gateway.NewClient();
        var queue = Names.NewQueue("tasks");
        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(n => producer.AddJobAsync(queue, JobBody.Create("work", n))));
        var host = await WorkerHost.Start(gateway, (o, _) =>
        {
            o.Queues = [queue];
            o.Concurrency = 10;
            o.StopTimeout = stopTimeout;
            o.Handle("work", work);
        });

        await Wait.Until(stopWhen, what: "the moment to stop");
        await host.DisposeAsync();

        var shown = await Task.WhenAll(ids.Select(async id => (Id: id, Job: await producer.ShowAsync(id))));
        var acked = shown.Where(s => s.Job is null).Select(s => s.Id).ToList();
        var queued = shown.Select(s => s.Job).OfType<JobDetails>().ToList();
        Assert.All(queued, j => Assert.Equal("queued", j.State));
        Assert.Equal(200, acked.Count + queued.Count);
        Assert.Equal(queued.Count, await producer.QLenAsync(queue));
        Assert.InRange(acked.Count, 0, 199);
        return (acked, queued);
    }
}
