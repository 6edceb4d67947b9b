using System.Net;
using Disque.Client;
using Disque.Dashboard.Tests.Browser;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>With Disque:Password set, the dashboard asks for it (checked by AUTH) before it shows or does anything.</summary>
public sealed class PasswordTests(PasswordDashboardFixture gateway) : BrowserTest, IClassFixture<PasswordDashboardFixture>
{
    [BrowserFact]
    public async Task A_stranger_sees_only_the_login_and_the_password_lets_one_in()
    {
        var queue = DashboardFixture.NewQueue("secret");
        await gateway.Client.AddJobAsync(queue, "private");

        Open(gateway.Url("/queues"));
        Assert.Contains("/login?returnUrl=%2Fqueues", Browser.Url);
        Assert.DoesNotContain(queue, Browser.PageSource);

        Find("input[name=Password]").SendKeys("guess");
        Find("form.login button").Click();
        Assert.Contains("Wrong password", Text(".notice.failed"));
        Assert.DoesNotContain(queue, Browser.PageSource);

        Find("input[name=Password]").SendKeys(PasswordDashboardFixture.Secret);
        Find("form.login button").Click();
        WaitForUrl(url => url.EndsWith("/queues", StringComparison.Ordinal), "the page asked for, once logged in");
        Assert.Equal(queue, Cells("data-queue", queue)[0]);

        Click("Log out");
        WaitForUrl(url => url.Contains("/login", StringComparison.Ordinal), "the login page after logging out");
        Open(gateway.Url("/queues"));
        Assert.Contains("/login", Browser.Url);
    }

    [BrowserFact]
    public async Task Changing_the_password_signs_everyone_out_and_the_new_one_lets_in()
    {
        var queue = DashboardFixture.NewQueue("moved");
        await gateway.Client.AddJobAsync(queue, "x");
        LogIn(PasswordDashboardFixture.Secret);
        Assert.Equal(queue, Cells("data-queue", queue)[0]);
        try
        {
            await gateway.Client.ExecuteAsync(["CONFIG", "SET", "requirepass", "changed"]);

            Open(gateway.Url("/queues"));
            Assert.Contains("/login", Browser.Url);
            LogIn("changed");
            Assert.Equal(queue, Cells("data-queue", queue)[0]); // the dashboard's own connections use the new password
        }
        finally
        {
            await gateway.Client.ExecuteAsync(["CONFIG", "SET", "requirepass", PasswordDashboardFixture.Secret]);
        }
    }

    private void LogIn(string password)
    {
        Open(gateway.Url("/login?returnUrl=%2Fqueues"));
        Find("input[name=Password]").SendKeys(password);
        Find("form.login button").Click();
        WaitForUrl(url => url.EndsWith("/queues", StringComparison.Ordinal), "the page asked for, once logged in");
    }

    [Fact]
    public async Task Without_the_cookie_no_page_nor_action_is_served()
    {
        var queue = DashboardFixture.NewQueue();
        await gateway.Client.AddJobAsync(queue, "x");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        foreach (var path in new[] { "/", "/queues", $"/queue?name={queue}", $"/confirm?do=pause&queue={queue}&state=all" })
        {
            var page = await http.GetAsync(gateway.Url(path));
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/login", page.Headers.Location!.OriginalString);
        }
        var post = await http.PostAsync(gateway.Url("/confirm"), new FormUrlEncodedContent(new Dictionary<string, string> { ["do"] = "pause", ["queue"] = queue, ["state"] = "all" }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("none", (await gateway.Client.QStatAsync(queue))!.Pause);
    }
}
