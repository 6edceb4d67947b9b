using Disque.Client;
using Disque.Dashboard.Tests.Browser;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>Issue 21 and groups in the dashboard: a queue's groups on its page, and a job's AFTER, BATCH and UNIQUE key on the job's page.</summary>
[Collection(DashboardCollection.Name)]
public sealed class CoordinationTests(DashboardFixture gateway) : BrowserTest
{
    [BrowserFact]
    public async Task The_queue_page_lists_its_groups_with_their_waiting_and_active_jobs()
    {
        var queue = DashboardFixture.NewQueue("grouped");
        for (var i = 0; i < 3; i++)
            await Run("ADDJOB", queue, $"invoice {i}", "0", "GROUP", "customer-7", "GROUPLIMIT", "2");
        var taken = Assert.Single(await gateway.Client.GetJobsAsync([queue], noHang: true));
        Assert.Equal("invoice 0", System.Text.Encoding.UTF8.GetString(taken.Body)); // a group is served in order
        await Run("ADDJOB", queue, "lone", "0", "GROUP", "customer-9");

        Open(gateway.Url("/queue?name=" + queue));

        Assert.Equal(["customer-7", "2", "1", "2"], Cells("data-group", "customer-7"));
        Assert.Equal(["customer-9", "1", "0", "1"], Cells("data-group", "customer-9"));
        Assert.Equal(["customer-7", "customer-9"], Attributes("table.groups tbody tr", "data-group")); // the busiest first
    }

    [BrowserFact]
    public async Task A_job_added_AFTER_another_shows_its_parent_linked_and_its_ONFAIL()
    {
        var queue = DashboardFixture.NewQueue("after");
        var parent = await gateway.Client.AddJobAsync(queue, "the parent");
        var child = await Run("ADDJOB", queue, "the child", "0", "AFTER", parent, "ONFAIL", "queue");

        Open(gateway.Url("/job?id=" + Uri.EscapeDataString(child)));

        Assert.StartsWith("1 job (AFTER)", Text("dd.waits-for"));
        Assert.Equal([parent], Stable(() => FindAll("dd.waits-for ul.parents a").Select(a => a.Text).ToList()));
        Assert.StartsWith("queue: queued all the same", Text("dd.on-fail"));
        Assert.Empty(FindAll("dd.batch"));
        Assert.Empty(FindAll("dd.unique-key"));

        ClickOn("dd.waits-for ul.parents a");
        WaitForUrl(url => url.EndsWith("/job?id=" + Uri.EscapeDataString(parent), StringComparison.Ordinal), "the parent's page");
        Assert.Equal("Job " + parent, Text("h1"));
        Assert.Empty(FindAll("dd.waits-for")); // a plain job: no AFTER, no batch
    }

    [BrowserFact]
    public async Task A_BATCH_follow_up_shows_its_batch_and_the_jobs_it_waits_for_until_they_end()
    {
        var queue = DashboardFixture.NewQueue("batch");
        var (a, b) = (await gateway.Client.AddJobAsync(queue, "a"), await gateway.Client.AddJobAsync(queue, "b"));
        var followUp = await Run("BATCH", "nightly", a, b, "THEN", queue + "-done", "report", "0");
        var jobPage = gateway.Url("/job?id=" + Uri.EscapeDataString(followUp));

        Open(jobPage);

        Assert.StartsWith("nightly", Text("dd.batch"));
        Assert.StartsWith("2 jobs (AFTER)", Text("dd.waits-for"));
        Assert.Equal([a, b], Stable(() => FindAll("dd.waits-for ul.parents a").Select(link => link.Text).ToList()));
        Assert.Equal([JobPage(a), JobPage(b)], Attributes("dd.waits-for ul.parents a", "href"));
        Assert.StartsWith("cancel: deleted", Text("dd.on-fail")); // ONFAIL's default

        await gateway.Client.ExecuteAsync(["ACKJOB", a, b]);
        await Wait.Until(async () => await gateway.Client.QLenAsync(queue + "-done") == 1, what: "the follow-up queued once its batch ended");

        Open(jobPage);
        Assert.StartsWith("nightly", Text("dd.batch"));
        Assert.StartsWith("nothing left", Text("dd.waits-for"));
    }

    [BrowserFact]
    public async Task A_unique_job_shows_its_key_and_how_long_it_holds_it()
    {
        var queue = DashboardFixture.NewQueue("unique");
        var id = await Run("ADDJOB", queue, "invoice", "0", "UNIQUE", "invoice-42", "UNIQUEFOR", "3600");

        Open(gateway.Url("/job?id=" + Uri.EscapeDataString(id)));

        Assert.StartsWith("invoice-42 (kept 1 h", Text("dd.unique-key"));
        Assert.Empty(FindAll("dd.waits-for"));
        Assert.Empty(FindAll("dd.batch"));
    }

    private string JobPage(string id) => gateway.Url("/job?id=" + Uri.EscapeDataString(id));

    private async Task<string> Run(params string[] command)
    {
        var reply = await gateway.Client.ExecuteAsync(command);
        Assert.False(reply.IsError, reply.Text);
        return reply.Text!;
    }
}
