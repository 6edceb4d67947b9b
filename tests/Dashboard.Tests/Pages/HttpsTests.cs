using System.Net;
using System.Text.RegularExpressions;
using Disque.Dashboard.Tests.Browser;

namespace Disque.Dashboard.Tests.Pages;

/// <summary>A dashboard behind a password, served over HTTPS with a certificate the test made, with metrics.</summary>
public sealed class HttpsDashboardFixture : DashboardFixture
{
    public string Certificate { get; } = TestCertificates.Make("dashboard");

    public int MetricsPort { get; } = FreePorts.Next();

    protected override string Password => PasswordDashboardFixture.Secret;

    protected override IEnumerable<string> Settings =>
        [.. base.Settings, $"--Disque:DashboardTls:CertificatePath={Certificate}", $"--Disque:MetricsPort={MetricsPort}"];

    public string SecureUrl(string path) => $"https://127.0.0.1:{DashboardPort}{path}";
}

/// <summary>Issue 23: the dashboard over HTTPS, its cookie Secure, its logins throttled and counted.</summary>
public sealed partial class HttpsTests(HttpsDashboardFixture gateway) : BrowserTest, IClassFixture<HttpsDashboardFixture>
{
    [BrowserFact]
    public void Chromium_logs_in_over_HTTPS()
    {
        Open(gateway.SecureUrl("/queues"));
        Assert.StartsWith(gateway.SecureUrl("/login"), Browser.Url);

        Find("input[name=Password]").SendKeys(PasswordDashboardFixture.Secret);
        Find("form.login button").Click();

        WaitForUrl(url => url == gateway.SecureUrl("/queues"), "the queues page over HTTPS, once logged in");
        var cookie = Browser.Manage().Cookies.GetCookieNamed("disque-dashboard");
        Assert.True(cookie?.Secure, "the login cookie is Secure over HTTPS");
    }

    [Fact]
    public async Task The_login_cookie_is_Secure_and_wrong_passwords_are_slowed_then_counted()
    {
        var (http, cookies) = Client();
        using var _ = http;
        for (var i = 0; i < 5; i++)
            Assert.Contains("Wrong password", await LogIn(http, "guess"));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        Assert.Contains("Wrong password", await LogIn(http, "guess"));
        Assert.True(waited.ElapsedMilliseconds >= 200, $"the sixth guess waited {waited.ElapsedMilliseconds} ms");

        var response = await PostLogIn(http, PasswordDashboardFixture.Secret);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var set = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("disque-dashboard=", StringComparison.Ordinal));
        Assert.Contains("; secure", set, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(cookies.GetCookies(new Uri(gateway.SecureUrl("/")))["disque-dashboard"]);

        using var metrics = new HttpClient();
        await Wait.Until(async () =>
        {
            var text = await metrics.GetStringAsync($"http://127.0.0.1:{gateway.MetricsPort}/metrics");
            return FailuresFromDashboard().IsMatch(text) && ThrottledFromDashboard().IsMatch(text);
        }, what: "dashboard login failures and slowed attempts in /metrics");
    }

    private (HttpClient Http, CookieContainer Cookies) Client()
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=dashboard",
        };
        return (new HttpClient(handler) { BaseAddress = new Uri(gateway.SecureUrl("/")) }, cookies);
    }

    private static async Task<string> LogIn(HttpClient http, string password) =>
        await (await PostLogIn(http, password)).Content.ReadAsStringAsync();

    /// <summary>The login form posted as a browser posts it: with the anti-forgery token of the page it came from.</summary>
    private static async Task<HttpResponseMessage> PostLogIn(HttpClient http, string password)
    {
        var page = await http.GetStringAsync("/login");
        var token = AntiForgeryToken().Match(page).Groups[1].Value;
        return await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();

    [GeneratedRegex("disque_auth_failures_total\\{[^}]*source=\"dashboard\"")]
    private static partial Regex FailuresFromDashboard();

    [GeneratedRegex("disque_auth_throttled_total\\{[^}]*source=\"dashboard\"")]
    private static partial Regex ThrottledFromDashboard();
}

/// <summary>Issue 23: with no password, the dashboard answers only under names it knows (no DNS rebinding).</summary>
[Collection(DashboardCollection.Name)]
public sealed class HostNameTests(DashboardFixture gateway)
{
    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("localhost", HttpStatusCode.OK)]
    public async Task Only_known_host_names_get_the_dashboard(string host, HttpStatusCode expected)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/queues"));
        request.Headers.Host = $"{host}:{gateway.DashboardPort}";

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
