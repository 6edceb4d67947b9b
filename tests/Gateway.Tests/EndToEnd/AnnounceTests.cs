using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>A gateway bound to every interface, with no announce address.</summary>
public sealed class AnyAddressGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings => ["--Disque:Bind=0.0.0.0"];
}

/// <summary>A gateway behind a (pretend) NAT: it announces another address and port.</summary>
public sealed class AnnouncingGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings => ["--Disque:AnnounceIP=10.9.8.7", "--Disque:AnnouncePort=17711"];
}

/// <summary>What HELLO and CLUSTER NODES tell clients to connect to: never 0.0.0.0; the announce address when one is set.</summary>
public sealed class AnnounceTests(AnyAddressGatewayFixture anyAddress, AnnouncingGatewayFixture announcing)
    : IClassFixture<AnyAddressGatewayFixture>, IClassFixture<AnnouncingGatewayFixture>
{
    [Fact]
    public async Task Bound_to_every_interface_it_announces_the_silo_address_not_0_0_0_0()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(GatewayFixture.Options(anyAddress.Port));
        var db = redis.GetDatabase();

        var hello = (RedisResult[])(await db.Run("HELLO"))!;
        var myId = (string)hello[1]!;

        Assert.Equal([myId, "127.0.0.1", anyAddress.Port.ToString(), "1"], DisqueCalls.Strings(hello[2]));
        Assert.Contains($"{myId} 127.0.0.1:{anyAddress.Port} myself", (string)(await db.Run("CLUSTER", "NODES"))!);
    }

    [Fact]
    public async Task The_announce_address_and_port_are_what_clients_are_told()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(GatewayFixture.Options(announcing.Port));
        var db = redis.GetDatabase();

        var hello = (RedisResult[])(await db.Run("HELLO"))!;
        var myId = (string)hello[1]!;

        Assert.Equal([myId, "10.9.8.7", "17711", "1"], DisqueCalls.Strings(hello[2]));
        Assert.Contains($"{myId} 10.9.8.7:17711 myself", (string)(await db.Run("CLUSTER", "NODES"))!);
        Assert.Equal(["port", announcing.Port.ToString()], DisqueCalls.Strings(await db.Run("CONFIG", "GET", "port")));
    }
}
