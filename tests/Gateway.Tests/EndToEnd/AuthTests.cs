using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

public sealed class PasswordGatewayFixture : GatewayFixture
{
    public const string Password = "s3cret pass";

    protected override IEnumerable<string> Settings => [$"--Disque:Password={Password}"];
}

/// <summary>AUTH with a password configured; and without one, on the shared gateway.</summary>
public sealed class AuthTests(PasswordGatewayFixture gateway) : IClassFixture<PasswordGatewayFixture>
{
    [Fact]
    public async Task Commands_before_AUTH_get_NOAUTH_but_QUIT_works()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("PING\r\nADDJOB q b 0\r\nFOO\r\nQUIT\r\n");

        Assert.Equal("-NOAUTH Authentication required.", await client.ReadReply());
        Assert.Equal("-NOAUTH Authentication required.", await client.ReadReply());
        Assert.Equal("-ERR unknown command 'FOO'", await client.ReadReply()); // Disque checks the name first
        Assert.Equal("+OK", await client.ReadReply());
        Assert.True(await client.IsClosed());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_the_right_one_opens_the_connection()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("AUTH nope\r\nPING\r\nAUTH \"s3cret pass\"\r\nPING\r\nAUTH nope\r\nPING\r\n");

        Assert.Equal("-ERR invalid password", await client.ReadReply());
        Assert.Equal("-NOAUTH Authentication required.", await client.ReadReply());
        Assert.Equal("+OK", await client.ReadReply());
        Assert.Equal("+PONG", await client.ReadReply());
        Assert.Equal("-ERR invalid password", await client.ReadReply()); // a failed AUTH logs the client out again
        Assert.Equal("-NOAUTH Authentication required.", await client.ReadReply());
    }

    [Fact]
    public async Task A_Redis_client_with_the_password_works()
    {
        var options = GatewayFixture.Options(gateway.Port);
        options.Password = PasswordGatewayFixture.Password;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);

        Assert.StartsWith("D-", await redis.GetDatabase().AddJob(DisqueCalls.NewQueue(), "authenticated"));
    }
}

[Collection(GatewayCollection.Name)]
public sealed class NoPasswordAuthTests(GatewayFixture gateway)
{
    [Fact]
    public async Task AUTH_without_a_password_set_is_an_error()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("AUTH x\r\n");

        Assert.Equal("-ERR Client sent AUTH, but no password is set", await client.ReadReply());
    }
}

/// <summary>SHUTDOWN stops the gateway: it gets a gateway of its own.</summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly GatewayFixture _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task SHUTDOWN_closes_without_a_reply_and_the_port_stops_answering()
    {
        await using var client = await RawClient.Connect(_gateway.Port);
        await client.Send("SHUTDOWN now please\r\n");
        Assert.Equal("-ERR syntax error", await client.ReadReply());

        await client.Send("SHUTDOWN\r\n");

        Assert.Null(await client.ReadReply(30_000));
        await DisqueCalls.Eventually(async () =>
        {
            try
            {
                await using var again = await RawClient.Connect(_gateway.Port);
                return false;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return true;
            }
        }, seconds: 30);
    }
}
