using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Resp;

/// <summary>AUTH on every new connection when a password is configured.</summary>
public sealed class AuthTests(PasswordGatewayFixture gateway) : IClassFixture<PasswordGatewayFixture>
{
    [Fact]
    public async Task With_the_password_every_connection_is_authenticated()
    {
        await using var client = gateway.NewClient(o => o.Password = PasswordGatewayFixture.Password);
        var queue = Names.NewQueue();

        var id = await client.AddJobAsync(queue, "x");
        var blocking = client.GetJobsAsync([queue], timeout: TimeSpan.FromSeconds(5)); // a connection of its own, authenticated too

        Assert.Equal(id, Assert.Single(await blocking).Id);
    }

    [Fact]
    public async Task Without_it_commands_get_NOAUTH_and_a_wrong_one_is_refused()
    {
        await using var none = gateway.NewClient();
        await using var wrong = gateway.NewClient(o => o.Password = "nope");

        var noAuth = await Assert.ThrowsAsync<NoAuthException>(() => none.QLenAsync("q"));
        Assert.Equal("Authentication required.", noAuth.Message);
        var refused = await Assert.ThrowsAsync<DisqueCommandException>(() => wrong.QLenAsync("q"));
        Assert.Equal("invalid password", refused.Message);
    }
}
