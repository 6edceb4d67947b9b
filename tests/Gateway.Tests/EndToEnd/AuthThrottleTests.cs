using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>A gateway with a password and metrics, whose AUTH throttle no other test feeds.</summary>
public sealed class ThrottledGatewayFixture : GatewayFixture
{
    public const string Password = "right one";

    public int MetricsPort { get; } = FreePorts.Next();

    protected override IEnumerable<string> Settings => [$"--Disque:Password={Password}", $"--Disque:MetricsPort={MetricsPort}"];
}

/// <summary>Issue 23: password guessing over RESP is slowed per address, cut off, logged and counted.</summary>
public sealed class AuthThrottleTests(ThrottledGatewayFixture gateway) : IClassFixture<ThrottledGatewayFixture>
{
    [Fact]
    public async Task Wrong_passwords_are_slowed_after_five_then_cut_off_and_counted()
    {
        await using var guesser = await RawClient.Connect(gateway.Port);

        await guesser.Send(string.Concat(Enumerable.Repeat("AUTH guess\r\n", 100)));
        for (var i = 0; i < 5; i++)
            Assert.Equal("-ERR invalid password", await guesser.ReadReply());
        var waited = Stopwatch.StartNew();
        Assert.Equal("-ERR invalid password", await guesser.ReadReply());

        Assert.True(waited.ElapsedMilliseconds >= 200, $"the sixth guess waited {waited.ElapsedMilliseconds} ms");
        Assert.Null(await guesser.ReadReply()); // a slowed wrong guess ends the connection: no pipeline of guesses

        // The right password still opens, in its turn, and the address starts afresh.
        await using var owner = await RawClient.Connect(gateway.Port);
        await owner.Send($"AUTH \"{ThrottledGatewayFixture.Password}\"\r\nAUTH guess\r\n");
        Assert.Equal("+OK", await owner.ReadReply());
        Assert.Equal("-ERR invalid password", await owner.ReadReply()); // the first of five free ones again

        using var http = new HttpClient();
        await Wait.Until(async () =>
        {
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{gateway.MetricsPort}/metrics");
            return Regex.IsMatch(metrics, "disque_auth_failures_total\\{[^}]*source=\"resp\"")
                && Regex.IsMatch(metrics, "disque_auth_throttled_total\\{[^}]*source=\"resp\"");
        }, what: "the failures and the slowed attempts are counted in /metrics");
    }
}
