using System.Text;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>A gateway with a password, whose clients have 3 s to authenticate.</summary>
public sealed class GuardedGatewayFixture : GatewayFixture
{
    public const string Password = "s3cret";

    protected override IEnumerable<string> Settings =>
        [$"--Disque:Password={Password}", "--Disque:Limits:UnauthenticatedTimeoutSeconds=3"];
}

/// <summary>Issue 23: what a client that has not given the password can make the gateway do, over TCP.</summary>
public sealed class BeforeAuthTests(GuardedGatewayFixture gateway) : IClassFixture<GuardedGatewayFixture>
{
    [Fact]
    public async Task Eleven_arguments_before_AUTH_are_refused_and_the_connection_closed()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("*11\r\n" + string.Concat(Enumerable.Repeat("$1\r\nx\r\n", 11)));

        Assert.Equal("-ERR Protocol error: unauthenticated multibulk length", await client.ReadReply());
        Assert.True(await client.IsClosed());
    }

    [Fact]
    public async Task A_bulk_over_16_KB_before_AUTH_is_refused_before_it_arrives()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("*2\r\n$4\r\nAUTH\r\n$16385\r\n");

        Assert.Equal("-ERR Protocol error: unauthenticated bulk length", await client.ReadReply());
        Assert.True(await client.IsClosed());
    }

    [Fact]
    public async Task Within_Redis_figures_a_stranger_is_answered_and_after_AUTH_the_usual_limits_hold()
    {
        await using var client = await RawClient.Connect(gateway.Port);
        var big = new string('p', 16 * 1024);

        await client.Send($"*2\r\n$4\r\nAUTH\r\n${big.Length}\r\n{big}\r\na b c d e f g h i j\r\n");
        Assert.Equal("-ERR invalid password", await client.ReadReply());
        Assert.Equal("-ERR unknown command 'a'", await client.ReadReply());

        await client.Send($"AUTH {GuardedGatewayFixture.Password}\r\n");
        Assert.Equal("+OK", await client.ReadReply());
        var body = new string('b', 200_000);
        await client.Send(RawClient.Frame(new Client.Resp.RespCommand("ADDJOB").Add(DisqueCalls.NewQueue()).Add(body).Add("0")));
        Assert.StartsWith("+D-", await client.ReadReply());
    }

    [Fact]
    public async Task A_client_that_does_not_authenticate_in_time_is_disconnected_and_one_that_did_stays()
    {
        await using var stranger = await RawClient.Connect(gateway.Port);
        await using var chatty = await RawClient.Connect(gateway.Port);
        await using var known = await RawClient.Connect(gateway.Port);
        await known.Send($"AUTH {GuardedGatewayFixture.Password}\r\n");
        Assert.Equal("+OK", await known.ReadReply());

        // Commands without AUTH do not keep a connection: only the password does.
        await chatty.Send("PING\r\n");
        Assert.Equal("-NOAUTH Authentication required.", await chatty.ReadReply());

        Assert.True(await stranger.IsClosed()); // within the 3 s, read for at most 10 s
        Assert.True(await chatty.IsClosed());
        await known.Send("PING\r\n");
        Assert.Equal("+PONG", await known.ReadReply());
    }

    [Fact]
    public async Task AUTH_is_redacted_in_MONITOR_and_SLOWLOG()
    {
        await using var monitor = await RawClient.Connect(gateway.Port);
        await monitor.Send($"AUTH {GuardedGatewayFixture.Password}\r\nMONITOR\r\n");
        Assert.Equal("+OK", await monitor.ReadReply());
        Assert.Equal("+OK", await monitor.ReadReply());
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send($"AUTH {GuardedGatewayFixture.Password}\r\nCONFIG SET slowlog-log-slower-than 0\r\nAUTH {GuardedGatewayFixture.Password}\r\nSLOWLOG GET 1\r\n");

        Assert.Equal("+OK", await client.ReadReply());
        Assert.Equal("+OK", await client.ReadReply());
        Assert.Equal("+OK", await client.ReadReply());
        var slowlog = await client.ReadReply();
        Assert.Contains("(redacted)", slowlog);
        Assert.DoesNotContain(GuardedGatewayFixture.Password, slowlog);
        var line = await monitor.ReadReply();
        Assert.EndsWith("\"AUTH\" \"(redacted)\"", line);
        Assert.DoesNotContain(GuardedGatewayFixture.Password, line);
        await client.Send("CONFIG SET slowlog-log-slower-than 10000\r\n");
        Assert.Equal("+OK", await client.ReadReply());
    }
}
