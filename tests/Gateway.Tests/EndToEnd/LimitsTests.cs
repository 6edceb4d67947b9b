using System.Net.Sockets;
using System.Text;

namespace Disque.Gateway.Tests.EndToEnd;

public sealed class LimitedGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Disque:Limits:MaxOutputBytes=262144", "--Disque:Limits:OutputTimeoutSeconds=2",
        "--Disque:Limits:IdleTimeoutSeconds=2", "--Disque:Limits:MaxBulkLength=1048576",
    ];
}

/// <summary>The limits a client meets: unread output, idleness, oversized requests. Nobody else notices.</summary>
public sealed class LimitsTests(LimitedGatewayFixture gateway) : IClassFixture<LimitedGatewayFixture>
{
    [Fact]
    public async Task A_client_that_never_reads_is_cut_off_and_others_carry_on()
    {
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var queue = DisqueCalls.NewQueue();
        var body = new string('x', 64 * 1024);
        for (var i = 0; i < 40; i++)
            await db.AddJob(queue, body);
        var before = await UsedMemory(db);

        using var flooder = new TcpClient();
        await flooder.ConnectAsync("127.0.0.1", gateway.Port);
        flooder.ReceiveBufferSize = 4096;
        var stream = flooder.GetStream();
        // Each QPEEK answers 2.5 MiB; 400 of them is a GiB nobody reads.
        var request = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"QPEEK {queue} 40\r\n", 400)));
        await stream.WriteAsync(request);

        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(4))
        {
            Assert.Equal("PONG", (string)(await db.Run("PING"))!);
            await Task.Delay(100);
        }

        // Whatever the kernel still holds can be read; then the gateway has hung up (a reset, not a goodbye).
        var sink = new byte[1 << 20];
        long read = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            for (int n; (n = await stream.ReadAsync(sink, deadline.Token)) > 0;)
                read += n;
        }
        catch (IOException)
        {
        }
        Assert.InRange(read, 0, 100L * 1024 * 1024); // far less than the GiB asked for
        Assert.InRange(await UsedMemory(db) - before, long.MinValue, 200L * 1024 * 1024);
        Assert.Equal(40, (long)await db.Run("QLEN", queue));
    }

    [Fact]
    public async Task An_idle_client_is_disconnected_but_a_blocked_one_is_not()
    {
        await using var idle = await RawClient.Connect(gateway.Port);
        await using var blocked = await RawClient.Connect(gateway.Port);
        await blocked.Send($"GETJOB TIMEOUT 4000 FROM {DisqueCalls.NewQueue()}\r\n");

        Assert.True(await idle.IsClosed()); // reads until the gateway hangs up (2 s idle timeout), at most 10 s
        Assert.Equal("*-1", await blocked.ReadReply()); // answered at its own timeout, after the idle one
        await blocked.Send("PING\r\n");
        Assert.Equal("+PONG", await blocked.ReadReply());
    }

    [Fact]
    public async Task A_body_over_the_bulk_limit_is_refused_before_it_arrives()
    {
        await using var client = await RawClient.Connect(gateway.Port);

        await client.Send("*4\r\n$6\r\nADDJOB\r\n$1\r\nq\r\n$2000000\r\n");

        Assert.Equal("-ERR Protocol error: invalid bulk length", await client.ReadReply());
        Assert.True(await client.IsClosed());
    }

    [Fact]
    public async Task A_MONITOR_client_that_never_reads_is_cut_off_with_omem_telling_the_truth()
    {
        using var monitor = new TcpClient { ReceiveBufferSize = 4096 };
        await monitor.ConnectAsync("127.0.0.1", gateway.Port);
        await monitor.GetStream().WriteAsync("MONITOR\r\n"u8.ToArray());
        var ok = new byte[5]; // its +OK: monitoring from here on, and the last it reads
        await monitor.GetStream().ReadExactlyAsync(ok);
        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(ok));
        await using var observer = await RawClient.Connect(gateway.Port);
        await using var redis = await gateway.Connect();
        var db = redis.GetDatabase();
        var line = new string('m', 8192); // each command makes a monitor line of 8 KB
        long omem = 0;

        await Wait.Until(async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => db.Run("PING", line)));
            await observer.Send("CLIENT LIST\r\n");
            // The reply's own text, a line a client (ReadReply renders it as one line, whose first omem is the first client's).
            var clients = (await observer.Read(TimeSpan.FromSeconds(10)))!.Text!.Split('\n');
            if (clients.FirstOrDefault(c => c.Contains(" flags=O", StringComparison.Ordinal)) is not { } monitoring)
                return true; // cut off
            omem = Math.Max(omem, long.Parse(monitoring.Split(' ').First(f => f.StartsWith("omem=", StringComparison.Ordinal))["omem=".Length..]));
            return false;
        }, seconds: 60, what: "the monitor that never reads is cut off");

        Assert.InRange(omem, 1, 2 * 262144 + 64 * 1024); // what waited for it was told, and stayed within its limits
        Assert.Equal("PONG", (string)(await db.Run("PING"))!);
    }

    private static async Task<long> UsedMemory(StackExchange.Redis.IDatabase db)
    {
        var info = (string)(await db.Run("INFO", "memory"))!;
        var line = info.Split("\r\n").First(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
        return long.Parse(line["used_memory:".Length..]);
    }
}
