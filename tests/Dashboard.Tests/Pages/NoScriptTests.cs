using Disque.Client;
using Disque.Dashboard.Tests.Browser;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>With JavaScript off every page still reads, and the actions still run (plain links and forms).</summary>
[Collection(DashboardCollection.Name)]
public sealed class NoScriptTests(DashboardFixture gateway) : BrowserTest(javaScript: false)
{
    [BrowserFact]
    public async Task Every_page_reads_and_an_action_runs_without_JavaScript()
    {
        var queue = DashboardFixture.NewQueue();
        var id = await gateway.Client.AddJobAsync(queue, "no script needed");

        Open(gateway.Url("/"));
        Assert.DoesNotContain("data-refreshing", Browser.PageSource); // the dashboard's script did not run
        Assert.Contains("this gateway", Text("table.nodes"));
        Open(gateway.Url("/queues"));
        Assert.Equal("1", Cells("data-queue", queue)[1]);
        Open(gateway.Url("/queue?name=" + queue));
        Assert.Equal([id], Attributes("table.jobs tbody tr", "data-job"));
        ClickOn($"tr[data-job='{id}'] a");
        Assert.Equal("no script needed", Text("pre.body"));

        Click("Delete it (DELJOB)");
        RunIt();
        Assert.Null(await gateway.Client.ShowAsync(id));
    }
}
