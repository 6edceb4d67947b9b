using Disque.Client;
using Disque.Dashboard.Tests.Browser;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>
/// A picture of each page with some traffic on the cluster: into the test's output folder,
/// or, with DISQUE_SCREENSHOTS=folder, into that folder after DISQUE_SCREENSHOTS_SECONDS
/// (default 180) of traffic, so the charts have minutes to show (the README's pictures:
/// DISQUE_SCREENSHOTS=$PWD/docs dotnet test tests/Dashboard.Tests --filter Screenshots).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ScreenshotTests(DashboardFixture gateway, ITestOutputHelper output) : BrowserTest
{
    [BrowserFact]
    public async Task Screenshots_of_every_page()
    {
        var folder = Environment.GetEnvironmentVariable("DISQUE_SCREENSHOTS");
        var seconds = folder is null ? 3 : int.Parse(Environment.GetEnvironmentVariable("DISQUE_SCREENSHOTS_SECONDS") ?? "180", System.Globalization.CultureInfo.InvariantCulture);
        folder ??= Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var client = gateway.Client;

        for (var i = 0; i < 3; i++)
            await client.AddJobAsync("images-dead", JobBody.Create("resize", new { image = $"broken-{i}.png", width = 800 }));
        for (var i = 0; i < 4; i++)
            await client.AddJobAsync("emails", JobBody.Create("welcome", new { user = 1000 + i }), new AddJobOptions { Delay = TimeSpan.FromMinutes(15) });
        await client.ExecuteAsync(["PAUSE", "reports", "out"]);
        for (var i = 0; i < 25; i++)
            await client.AddJobAsync("reports", JobBody.Create("monthly", new { customer = i }));
        await Traffic(client, TimeSpan.FromSeconds(seconds));
        var nacked = Assert.Single(await client.GetJobsAsync(["images"], noHang: true));
        await client.NackAsync(nacked.Id);

        Browser.Manage().Window.Size = new System.Drawing.Size(1280, 1200);
        Shot("/", "dashboard-overview.png", "table.nodes");
        Shot("/queues", "dashboard-queues.png", "table.queues");
        Shot("/queue?name=images", "dashboard-queue.png", "table.jobs");
        Shot("/job?id=" + Uri.EscapeDataString(nacked.Id), "dashboard-job.png", "dl.fields");
        Shot("/confirm?do=move&queue=images-dead&target=images&count=1000", "dashboard-confirm.png", "form.confirm");
        output.WriteLine($"Screenshots in {folder}");

        void Shot(string path, string file, string shows)
        {
            Open(gateway.Url(path));
            Assert.NotNull(Find(shows));
            Browser.GetScreenshot().SaveAsFile(Path.Combine(folder, file));
        }
    }

    /// <summary>Producers and consumers for a while: jobs added, delivered, acked, some NACKed (queued again), some left to expire.</summary>
    private static async Task Traffic(DisqueClient client, TimeSpan length)
    {
        var end = DateTime.UtcNow + length;
        var tick = 0;
        while (DateTime.UtcNow < end)
        {
            tick++;
            var wave = 4 + (int)(3 * Math.Sin(tick / 20.0));
            for (var i = 0; i < wave; i++)
                await client.AddJobAsync("images", JobBody.Create("resize", new { image = $"photo-{tick}-{i}.jpg", width = 800 }));
            if (tick % 5 == 0)
                await client.AddJobAsync("tmp", "short-lived", new AddJobOptions { Ttl = TimeSpan.FromSeconds(5), Retry = TimeSpan.FromSeconds(1) });
            foreach (var job in await client.GetJobsAsync(["images"], count: wave - 1, noHang: true))
            {
                if (tick % 7 == 0)
                    await client.NackAsync(job.Id);
                else
                    await client.AckAsync(job.Id);
            }
            await Task.Delay(1000);
        }
    }
}
