using System.Text;
using Disque.Client;
using Disque.Dashboard.Tests.Browser;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>The pages show what RESP made: nodes and counters, queues, a queue's jobs by state, a job.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ReadingTests(DashboardFixture gateway) : BrowserTest
{
    [BrowserFact]
    public async Task Overview_shows_this_gateway_with_its_jobs_and_the_counters_charts()
    {
        var queue = DashboardFixture.NewQueue();
        for (var i = 0; i < 3; i++)
            await gateway.Client.AddJobAsync(queue, $"job {i}");
        var copies = (await gateway.Client.ExecuteAsync(["INFO", "jobs"])).Text!;

        Open(gateway.Url("/"));

        var node = Text("table.nodes tbody tr");
        Assert.Contains("this gateway", node);
        Assert.Contains($"gateway, RESP on 127.0.0.1:{gateway.Port}", node);
        Assert.Equal("up", Text("table.nodes tbody tr .state"));
        Assert.Contains(copies.Split(':')[1].Trim(), node); // registered_jobs: the copies this node holds
        Assert.Equal(["added", "delivered", "acked", "requeued", "expired"], Attributes("figure.chart-card", "data-counter"));
        Assert.Equal(5, Attributes("figure.chart-card svg.chart", "class").Count);
        Assert.Matches("^[1-9][0-9,]* in all$", Text("figure[data-counter=added] .total"));
    }

    [BrowserFact]
    public async Task Queues_lists_every_queue_with_its_length_oldest_job_and_pause()
    {
        var (busy, paused) = (DashboardFixture.NewQueue("busy"), DashboardFixture.NewQueue("paused"));
        for (var i = 0; i < 4; i++)
            await gateway.Client.AddJobAsync(busy, $"job {i}");
        await gateway.Client.AddJobAsync(paused, "x");
        await gateway.Client.ExecuteAsync(["PAUSE", paused, "in"]);

        Open(gateway.Url("/queues?sort=name&dir=asc"));

        var cells = Cells("data-queue", busy);
        Assert.Equal(busy, cells[0]);
        Assert.Equal("4", cells[1]);
        Assert.Matches("^(now|.+ ago)$", cells[2]); // its oldest job's age: "now" within its first second
        Assert.Equal("no", cells[7]);
        Assert.Equal("in", Cells("data-queue", paused)[7]);
        var names = Attributes("table.queues tbody tr", "data-queue");
        Assert.Equal(names.Order(StringComparer.Ordinal), names); // sorted by name, on the server
    }

    [BrowserFact]
    public async Task Queue_shows_its_jobs_by_state_a_JSCAN_page_at_a_time()
    {
        var queue = DashboardFixture.NewQueue();
        var queued = new List<string>();
        for (var i = 0; i < 70; i++)
            queued.Add(await gateway.Client.AddJobAsync(queue, $"job {i}"));
        var delayed = await gateway.Client.AddJobAsync(queue, "later", new AddJobOptions { Delay = TimeSpan.FromMinutes(10) });
        var taken = Assert.Single(await gateway.Client.GetJobsAsync([queue], noHang: true));
        queued.Remove(taken.Id);

        Open(gateway.Url("/queue?name=" + queue));
        var seen = new HashSet<string>();
        var pages = 0;
        while (true)
        {
            pages++;
            seen.UnionWith(Attributes("table.jobs tbody tr", "data-job").OfType<string>());
            if (FindAll("a[rel=next]").Count == 0)
                break;
            ClickOn("a[rel=next]");
        }
        Assert.Equal(queued.Order(), seen.Order());
        Assert.True(pages > 1, "70 jobs take more than one page");

        Click("Active");
        Assert.Equal([taken.Id], Attributes("table.jobs tbody tr", "data-job"));
        Click("Delayed");
        Assert.Equal([delayed], Attributes("table.jobs tbody tr", "data-job"));
        Assert.Contains("queued in 9 min", Text("table.jobs tbody tr"));
    }

    [BrowserFact]
    public async Task Job_shows_SHOW_in_words_its_body_and_the_silos_holding_it()
    {
        var queue = DashboardFixture.NewQueue();
        var id = await gateway.Client.AddJobAsync(queue, "resize image 42\nwidth=800", new AddJobOptions { Retry = TimeSpan.FromSeconds(90) });
        var binary = await gateway.Client.AddJobAsync(queue, new byte[] { 0, 1, 2, 0xff, (byte)'x' });

        Open(gateway.Url("/job?id=" + Uri.EscapeDataString(id)));

        var fields = Text("dl.fields");
        Assert.Contains("queued: waiting for a consumer", fields);
        Assert.Contains(queue, fields);
        Assert.Contains("1 min: queued again if not acknowledged within that", fields);
        // SHOW's TTL is in whole seconds, as Disque's (expiry second less this second): read within ADDJOB's own second it is the whole day.
        Assert.Matches(@"Expires\s+in (23 h 59 min|24 h) \(20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC\)", fields);
        Assert.Contains($"127.0.0.1:", Text("ul.holders"));
        Assert.Contains("(gateway, up)", Text("ul.holders"));
        Assert.Equal("resize image 42\nwidth=800", Text("pre.body"));

        Open(gateway.Url("/job?id=" + Uri.EscapeDataString(binary)));
        Assert.Equal("00000000  00 01 02 ff 78", Text("pre.body.hex"));

        Open(gateway.Url("/job?id=D-00000000-000000000000000000000000-0001"));
        Assert.Contains("No node knows this job", Text("main"));
        Open(gateway.Url("/job?id=nonsense"));
        Assert.Contains("Disque answered -BADID", Text("main"));
    }

    [BrowserFact]
    public async Task The_page_reads_itself_again_with_JavaScript()
    {
        var queue = DashboardFixture.NewQueue();
        await gateway.Client.AddJobAsync(queue, "first");
        Open(gateway.Url("/queue?name=" + queue));
        Assert.Equal("1", Text(".cards .card p.big"));
        Assert.Contains("data-refreshing", Browser.PageSource); // the dashboard's script runs

        await gateway.Client.AddJobAsync(queue, Encoding.UTF8.GetBytes("second"));

        await Wait.Until(() => Text(".cards .card p.big") == "2", seconds: 30, what: "the length shown without a reload");
        Assert.NotNull(Browser.ExecuteScript("return document.documentElement.dataset.refreshed"));
    }
}
