using Disque.Client;
using Disque.Dashboard.Tests.Browser;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>Disque.Orleans' dead letters in the dashboard: a queue's dead-letter page, REVIVE, REVIVE QUEUE and DELJOB from it, and the job's page.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DeadLetterTests(DashboardFixture gateway) : BrowserTest
{
    [BrowserFact]
    public async Task A_queues_dead_letters_are_listed_with_why_they_failed_and_one_is_revived_and_one_deleted()
    {
        var queue = DashboardFixture.NewQueue("work");
        var deadLetters = queue + ":dead";
        var (revived, deleted) = (await DeadLetter(queue, "the image is broken"), await DeadLetter(queue, "no such user"));
        var plain = await gateway.Client.AddJobAsync(queue, "still fine");

        Open(gateway.Url("/queue?name=" + queue));
        Click("Dead letters");

        WaitForUrl(url => url.EndsWith("/deadletters?name=" + Uri.EscapeDataString(deadLetters), StringComparison.Ordinal), "the dead-letter page");
        var row = Cells("data-job", revived);
        Assert.Equal([revived, queue, "failed", "the image is broken"], row.Take(4));
        Assert.Equal("1", row[5]); // its one delivery
        Assert.Equal("no such user", Cells("data-job", deleted)[3]);
        Assert.Empty(FindAll($"tr[data-job='{plain}']"));

        ClickOn($"tr[data-job='{revived}'] a.button:not(.danger)");
        Assert.Equal($"REVIVE {revived}", Text("pre.commands"));
        Assert.Equal(deadLetters, (await gateway.Client.ShowAsync(revived))!.Queue); // nothing ran yet
        RunIt();

        Assert.Contains($"job {revived} is back on its queue", Text(".notice.done"));
        await Wait.Until(async () => (await gateway.Client.ShowAsync(revived))?.State == "queued" && (await gateway.Client.ShowAsync(revived))!.Queue == queue, what: "the revived job queued where it failed");
        Assert.Null((await gateway.Client.ShowAsync(revived))!.LastFailure); // its history reset
        Assert.Empty(FindAll($"tr[data-job='{revived}']"));

        ClickOn($"tr[data-job='{deleted}'] a.button.danger");
        Assert.Equal($"DELJOB {deleted}", Text("pre.commands"));
        RunIt();

        Assert.Null(await gateway.Client.ShowAsync(deleted));
        Assert.EndsWith("/deadletters?name=" + Uri.EscapeDataString(deadLetters), Browser.Url);
        Assert.Equal(0, await gateway.Client.QLenAsync(deadLetters));
    }

    [BrowserFact]
    public async Task Revive_all_is_REVIVE_QUEUE()
    {
        var queue = DashboardFixture.NewQueue("work");
        var deadLetters = queue + ":dead";
        for (var i = 0; i < 3; i++)
            await DeadLetter(queue, $"failure {i}");

        Open(gateway.Url("/deadletters?name=" + Uri.EscapeDataString(deadLetters)));
        Click("Revive all");
        Assert.Equal($"REVIVE QUEUE {deadLetters}", Text("pre.commands"));
        RunIt();

        Assert.Contains("REVIVE QUEUE: 3 jobs back on their queues.", Text(".notice.done"));
        await Wait.Until(async () => await gateway.Client.QLenAsync(queue) == 3, what: "the three jobs queued where they failed");
        Assert.Equal(0, await gateway.Client.QLenAsync(deadLetters));
    }

    [BrowserFact]
    public async Task A_dead_letters_page_shows_its_policy_and_history_and_revives_it()
    {
        var queue = DashboardFixture.NewQueue("work");
        var id = await gateway.Client.AddJobAsync(queue, "x", new AddJobOptions { Priority = 7, MaxDeliveries = 4, Backoff = new JobBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)) });
        await FailJob(queue, id, "timeout talking to the bank");

        Open(gateway.Url("/job?id=" + Uri.EscapeDataString(id)));

        Assert.StartsWith("timeout talking to the bank (", Text("dd.last-failure"));
        Assert.Equal($"from {queue} (failed)", Text("dd.dead-from"));
        Assert.Contains("1 of at most 4 (MAXDELIVERIES)", Text("dl.fields"));
        Click("Revive it (REVIVE)");
        RunIt();
        await Wait.Until(async () => (await gateway.Client.ShowAsync(id))?.Queue == queue, what: "the job back on its queue");

        Open(gateway.Url("/job?id=" + Uri.EscapeDataString(id)));
        Assert.Equal("none", Text("dd.last-failure"));
        Assert.Empty(FindAll("dd.dead-from"));
    }

    /// <summary>A job of <paramref name="queue"/>, delivered once and failed for good with <paramref name="reason"/>: a dead letter in queue:dead.</summary>
    private async Task<string> DeadLetter(string queue, string reason)
    {
        var id = await gateway.Client.AddJobAsync(queue, "body of " + reason);
        await FailJob(queue, id, reason);
        return id;
    }

    private async Task FailJob(string queue, string id, string reason)
    {
        Assert.Equal(id, Assert.Single(await gateway.Client.GetJobsAsync([queue], noHang: true)).Id);
        Assert.Equal(1, await gateway.Client.FailJobAsync(id, reason));
        await Wait.Until(async () => (await gateway.Client.ShowAsync(id))?.State == "queued", what: "the dead letter queued");
    }
}
