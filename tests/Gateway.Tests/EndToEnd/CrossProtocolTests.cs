namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>Issue 23: an HTTP request sent to the RESP port (a browser tricked into it) runs nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CrossProtocolTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_POST_to_the_RESP_port_is_closed_before_its_body_runs()
    {
        var queue = DisqueCalls.NewQueue();
        await using var client = await RawClient.Connect(gateway.Port);

        // What `curl -X POST --data $'ADDJOB q pwned 0\r\n'` sends.
        await client.Send($"POST / HTTP/1.1\r\nHost: 127.0.0.1:{gateway.Port}\r\nContent-Length: 20\r\n\r\nADDJOB {queue} pwned 0\r\n");

        Assert.Null(await client.ReadReply()); // not one reply: the request line itself closed it
        await using var redis = await gateway.Connect();
        Assert.Equal(0, (long)await redis.GetDatabase().Run("QLEN", queue));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("Host: example.com\r\n")]
    public async Task An_HTTP_request_line_or_a_Host_header_closes_the_connection(string line)
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send(line + "PING\r\n");

        Assert.Null(await client.ReadReply());
    }

    [Fact]
    public async Task GET_sent_by_a_Redis_client_after_other_commands_is_an_unknown_command_as_in_Disque()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("PING\r\nGET x\r\n*2\r\n$3\r\nGET\r\n$1\r\nx\r\n");

        Assert.Equal("+PONG", await client.ReadReply());
        Assert.Equal("-ERR unknown command 'GET'", await client.ReadReply());
        Assert.Equal("-ERR unknown command 'GET'", await client.ReadReply());
    }
}
