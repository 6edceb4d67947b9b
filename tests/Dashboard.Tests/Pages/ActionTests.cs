using Disque.Client;
using Disque.Client.Hosting;
using Disque.Dashboard.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>Each action shows its Disque command, runs only once confirmed, and RESP then answers what it did.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ActionTests(DashboardFixture gateway) : BrowserTest
{
    [BrowserFact]
    public async Task Pausing_a_queue_is_a_PAUSE_that_RESP_then_reports_and_resuming_undoes_it()
    {
        var queue = DashboardFixture.NewQueue();
        await gateway.Client.AddJobAsync(queue, "x");
        Open(gateway.Url("/queue?name=" + queue));

        Click("Pause input");
        Assert.Equal($"PAUSE {queue} in", Text("pre.commands"));
        Assert.Equal("none", (await gateway.Client.QStatAsync(queue))!.Pause); // nothing ran yet
        RunIt();

        Assert.Contains($"PAUSE {queue} in: the queue is now paused 'in'", Text(".notice.done"));
        Assert.Equal("in", (await gateway.Client.QStatAsync(queue))!.Pause);
        await Assert.ThrowsAsync<PausedException>(() => gateway.Client.AddJobAsync(queue, "refused"));
        Assert.Equal("in", Text(".cards .card:nth-child(4) p.big"));

        Click("Resume");
        RunIt();
        Assert.Equal("none", (await gateway.Client.QStatAsync(queue))!.Pause);
    }

    [BrowserFact]
    public async Task Cancel_runs_nothing()
    {
        var queue = DashboardFixture.NewQueue();
        await gateway.Client.AddJobAsync(queue, "x");
        Open(gateway.Url("/queue?name=" + queue));

        Click("Pause both");
        Click("Cancel");

        WaitForUrl(url => url.EndsWith("/queue?name=" + queue, StringComparison.Ordinal), "the queue's page again");
        Assert.Equal("none", (await gateway.Client.QStatAsync(queue))!.Pause);
    }

    [BrowserFact]
    public async Task Adding_dequeuing_enqueuing_and_deleting_a_job_are_ADDJOB_DEQUEUE_ENQUEUE_and_DELJOB()
    {
        var queue = DashboardFixture.NewQueue();
        Open(gateway.Url("/queue?name=" + queue));
        Find("form.add textarea[name=body]").SendKeys("typed in the browser");
        Find("form.add input[name=retry]").SendKeys("60");
        ClickOn("form.add button");
        Assert.Equal($"ADDJOB {queue} \"typed in the browser\" 0 RETRY 60", Text("pre.commands"));
        RunIt();

        var job = Assert.Single(await gateway.Client.QPeekAsync(queue, 10));
        Assert.Equal("typed in the browser", job.BodyText);
        Assert.Equal(60, (await gateway.Client.ShowAsync(job.Id))!.RetrySeconds);

        Open(gateway.Url("/job?id=" + Uri.EscapeDataString(job.Id)));
        Click("Take it out of its queue (DEQUEUE)");
        Assert.Equal($"DEQUEUE {job.Id}", Text("pre.commands"));
        RunIt();
        Assert.Equal("active", (await gateway.Client.ShowAsync(job.Id))!.State);
        Assert.Equal(0, await gateway.Client.QLenAsync(queue));

        Click("Queue it again (ENQUEUE)");
        RunIt();
        Assert.Equal("queued", (await gateway.Client.ShowAsync(job.Id))!.State);

        Click("Delete it (DELJOB)");
        Assert.Equal($"DELJOB {job.Id}", Text("pre.commands"));
        RunIt();
        Assert.Null(await gateway.Client.ShowAsync(job.Id));
        Assert.EndsWith("/queue?name=" + queue, Browser.Url); // back to its queue, the job being gone
        Assert.Contains("deleted", Text(".notice.done"));
    }

    [BrowserFact]
    public async Task The_worker_hosts_dead_letters_go_back_to_their_queue()
    {
        var (work, dead) = (DashboardFixture.NewQueue("work"), DashboardFixture.NewQueue("dead"));
        var failing = await FailingWorker(work, dead);
        var bodies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var body = JobBody.Create("resize", new { image = i });
            bodies.Add(System.Text.Encoding.UTF8.GetString(body));
            await gateway.Client.AddJobAsync(work, body);
        }
        await Wait.Until(async () => await gateway.Client.QLenAsync(dead) == 3, what: "three jobs dead-lettered");
        await failing.StopAsync();
        failing.Dispose();

        Open(gateway.Url("/queue?name=" + dead));
        Find("form.move input[name=target]").SendKeys(work);
        ClickOn("form.move button");
        Assert.Equal($"GETJOB NOHANG COUNT 100 FROM {dead}", Text("pre.commands").Split('\n')[0]);
        RunIt();

        Assert.Contains($"Moved 3 jobs from {dead} to {work}.", Text(".notice.done"));
        Assert.Equal(0, await gateway.Client.QLenAsync(dead));
        var back = await gateway.Client.QPeekAsync(work, 10);
        Assert.Equal(bodies.Order(), back.Select(j => j.BodyText).Order());
        Assert.Empty(await gateway.Client.GetJobsAsync([dead], noHang: true)); // acknowledged there, not waiting for a RETRY
    }

    [BrowserFact]
    public void A_bad_action_is_refused_with_a_reason_and_runs_nothing()
    {
        var queue = DashboardFixture.NewQueue();
        Open(gateway.Url($"/confirm?do=move&queue={queue}&target={queue}&count=5"));

        Assert.Contains("The jobs would go back where they are", Text(".notice.failed"));
        Assert.Empty(FindAll("form.confirm"));
    }

    /// <summary>
    /// A worker host whose handler always fails: at its first failure (MaxNacks 0) a job goes to the
    /// client-side dead-letter queue (UseServerPolicy off: the worker's own, as against a plain Disque).
    /// </summary>
    private async Task<IHost> FailingWorker(string queue, string deadLetters)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddDisqueClient(o => o.Endpoints = [$"127.0.0.1:{gateway.Port}"]);
        builder.Services.AddDisqueWorker(o =>
        {
            o.Queues = [queue];
            o.MaxNacks = 0;
            o.UseServerPolicy = false;
            o.DeadLetterQueue = deadLetters;
            o.GetJobTimeout = TimeSpan.FromMilliseconds(200);
            o.Handle("resize", (_, _) => throw new InvalidOperationException("the image is broken"));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
