using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>A gateway of its own for a test that counts the process' CPU: nothing else runs beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "alone";
}

/// <summary>Issue 23, finding 1: a request arriving in pieces is read once, over TCP.</summary>
[Collection(AloneCollection.Name)]
public sealed class IncrementalReadTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_request_split_at_every_byte_gets_the_reply_it_gets_whole()
    {
        var queue = DisqueCalls.NewQueue();
        var add = RawClient.Frame(new Client.Resp.RespCommand("ADDJOB").Add(queue).Add("split body, 42").Add("0"));
        var take = Encoding.ASCII.GetBytes($"GETJOB NOHANG FROM {queue}\r\n");
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", gateway.Port);
        await using var client = new RawClient(tcp.GetStream());

        foreach (var b in add.Concat(take))
        {
            await client.Send([b]);
            await tcp.GetStream().FlushAsync();
        }

        Assert.StartsWith("+D-", await client.ReadReply());
        Assert.Contains("split body, 42", await client.ReadReply());
    }

    [Fact]
    public async Task A_request_of_half_a_million_arguments_trickling_in_costs_its_bytes_once()
    {
        const int Arguments = 500_000;
        var request = Encoding.ASCII.GetBytes($"*{Arguments}\r\n$4\r\nPING\r\n" + string.Concat(Enumerable.Repeat("$1\r\nx\r\n", Arguments - 1)));
        await using var client = await RawClient.Connect(gateway.Port);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        // 3.5 MB at once, then the rest as an attacker holding a core would send it: 10 bytes at a time.
        var trickle = 200 * 10;
        await client.Send(request[..^trickle]);
        for (var at = request.Length - trickle; at < request.Length; at += 10)
            await client.Send(request[at..(at + 10)]);
        Assert.Equal("-ERR wrong number of arguments for 'ping' command", await client.ReadReply(120_000));

        // Reading it again from the start on every piece cost tens of CPU-seconds; once, well under a second.
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Assert.True(used < TimeSpan.FromSeconds(5), $"the request cost {used.TotalSeconds:F1} CPU-seconds");
    }
}
