using Disque.Client;
using Disque.Dashboard.Tests.Browser;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>The Schedules page: every schedule with its next occurrence, last firing and state; pause, resume and delete are SCHEDULE commands RESP then reports.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ScheduleTests(DashboardFixture gateway) : BrowserTest
{
    [BrowserFact]
    public async Task The_page_lists_schedules_and_pauses_resumes_and_deletes_them()
    {
        var (nightly, ticking) = (DashboardFixture.NewQueue("nightly"), DashboardFixture.NewQueue("ticking"));
        await gateway.Client.ScheduleSetAsync(nightly, "0 3 * * *", nightly, "report"u8.ToArray(), new ScheduleOptions { TimeZone = "Europe/Berlin" });
        await gateway.Client.ScheduleSetAsync(ticking, "* * * * * *", ticking, "tick"u8.ToArray(), new ScheduleOptions { Job = new AddJobOptions { Replicate = 1 } });
        await Wait.Until(async () => (await gateway.Client.ScheduleShowAsync(ticking))?.LastJobId is not null, what: "a first firing");

        Open(gateway.Url("/"));
        Click("Schedules");
        var row = Cells("data-schedule", nightly);
        Assert.Equal([nightly, "0 3 * * * Europe/Berlin", nightly], row.Take(3));
        var next = (await gateway.Client.ScheduleShowAsync(nightly))!.Next[0];
        Assert.StartsWith(next.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture), row[3], StringComparison.Ordinal);
        Assert.Equal(["never", "—", "running"], row.Skip(4).Take(3));
        Assert.StartsWith("D-", Cells("data-schedule", ticking)[5], StringComparison.Ordinal);

        ClickOn($"tr[data-schedule='{nightly}'] a.button");
        Assert.Equal($"SCHEDULE PAUSE {nightly}", Text("pre.commands"));
        Assert.False((await gateway.Client.ScheduleShowAsync(nightly))!.Paused); // nothing ran yet
        RunIt();
        Assert.Contains($"schedule {nightly} paused", Text(".notice.done"));
        Assert.True((await gateway.Client.ScheduleShowAsync(nightly))!.Paused);
        Assert.Equal("paused", Cells("data-schedule", nightly)[6]);
        Assert.Equal("—", Cells("data-schedule", nightly)[3]);

        Click("Resume");
        Assert.Equal($"SCHEDULE RESUME {nightly}", Text("pre.commands"));
        RunIt();
        Assert.False((await gateway.Client.ScheduleShowAsync(nightly))!.Paused);

        foreach (var name in new[] { nightly, ticking })
        {
            ClickOn($"tr[data-schedule='{name}'] a.button.danger");
            Assert.Equal($"SCHEDULE DEL {name}", Text("pre.commands"));
            RunIt();
            Assert.Contains($"schedule {name} deleted", Text(".notice.done"));
            Assert.Null(await gateway.Client.ScheduleShowAsync(name));
        }
        Assert.Empty(FindAll($"tr[data-schedule='{nightly}']"));
    }
}
