using System.Net.Sockets;
using System.Text;
using CsCheck;
using Disque.Client.Resp;
using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>
/// Random and malformed RESP thrown at a live gateway for a bounded time: wrong
/// types, negative and huge lengths, truncated frames, million-argument headers,
/// binary garbage, real commands with garbage arguments, slow senders. Meanwhile
/// a well-behaved client works and must see no error; afterwards the gateway
/// still answers a fresh connection and the jobs added before are intact.
/// </summary>
public sealed class FuzzTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly GatewayFixture _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    /// <summary>Commands a fuzzer may run: all but those that would change the server for everybody.</summary>
    private static readonly string[] Commands = Commands_();

    private static string[] Commands_() =>
        [.. Disque.Gateway.Commands.CommandTable.Disque.All.Select(c => c.Name).Where(n => n is not ("SHUTDOWN" or "CONFIG" or "CLUSTER" or "DEBUG" or "CLIENT" or "MONITOR")), "FOO", "QUIT"];

    private static readonly Gen<byte[]> Garbage = Gen.OneOf(
        Gen.Byte.Array[0, 2048],
        Gen.Long.Select(n => Ascii($"*{n}\r\n")),
        Gen.Long.Select(n => Ascii($"*1\r\n${n}\r\n")),
        Gen.Int[1, 1_000_000].Select(n => Ascii($"*{n}\r\n$4\r\nPING\r\n")),
        Gen.Select(Gen.OneOf(Commands), Gen.String[0, 24].Array[0, 10]).Select((name, args) => Frame([name, .. args])),
        Gen.Select(Gen.OneOf(Commands), Gen.String[0, 24].Array[0, 10], Gen.Double[0, 1])
            .Select((name, args, cut) => { var frame = Frame([name, .. args]); return frame[..(int)(frame.Length * cut)]; }),
        Gen.String[0, 200].Select(line => Ascii(line.Replace('\n', ' ') + "\r\n")),
        Gen.Select(Gen.OneOf(Commands), Gen.OneOf("\"", "'", "\\x", "\"a\"b", "\\\"")).Select((name, quote) => Ascii($"{name} {quote}\r\n")));

    [Fact]
    public async Task Garbage_hurts_nobody_else()
    {
        await using var redis = await _gateway.Connect();
        var db = redis.GetDatabase();
        var queue = "fuzz-" + Guid.NewGuid().ToString("N");
        var before = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => db.AddJob(queue, $"kept-{i}")));
        using var stop = new CancellationTokenSource();
        var bystander = Bystander(db, stop.Token);

        var tried = 0;
        await Garbage.SampleAsync(async bytes =>
        {
            Interlocked.Increment(ref tried);
            await Throw(bytes);
        }, iter: 100_000, time: 20, threads: 2);

        await stop.CancelAsync();
        var bystanderRounds = await bystander;
        output.WriteLine($"{tried} malformed inputs in 20 s; the bystander did {bystanderRounds} ADDJOB/GETJOB/ACKJOB rounds without an error");
        Assert.True(tried > 100, $"only {tried} inputs tried");
        Assert.True(bystanderRounds > 10);
        Assert.Equal("PONG", await _gateway.Cli("PING"));
        var after = (await db.GetJobs("NOHANG", "COUNT", 100, "FROM", queue)).Select(j => j[1]);
        Assert.Equal(before.Order(), after.Order());
    }

    [Fact]
    public async Task A_slow_sender_holds_only_its_own_connection()
    {
        await using var redis = await _gateway.Connect();
        var db = redis.GetDatabase();
        await using var slow = await RawClient.Connect(_gateway.Port);
        var frame = Frame(["ADDJOB", "slow-" + Guid.NewGuid().ToString("N"), new string('s', 200), "0"]);

        for (var i = 0; i < frame.Length; i += 8)
        {
            await slow.Send(frame[i..Math.Min(i + 8, frame.Length)]);
            Assert.Equal("PONG", (string)(await db.Run("PING"))!);
            await Task.Delay(10);
        }

        Assert.StartsWith("+D-", await slow.ReadReply());
    }

    /// <summary>Sends one input on its own connection, reads what comes back for a moment, hangs up.</summary>
    private async Task Throw(byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _gateway.Port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(bytes);
            using var moment = new CancellationTokenSource(30);
            var sink = new byte[4096];
            while (await stream.ReadAsync(sink, moment.Token) > 0)
            {
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or SocketException)
        {
            // Cut off, or nothing more to say: either is fine for garbage.
        }
    }

    /// <summary>A client doing ordinary work all along; any error it sees fails the test.</summary>
    private static async Task<int> Bystander(IDatabase db, CancellationToken stop)
    {
        var rounds = 0;
        var queue = "bystander-" + Guid.NewGuid().ToString("N");
        while (!stop.IsCancellationRequested)
        {
            Assert.Equal("PONG", (string)(await db.Run("PING"))!);
            var id = await db.AddJob(queue, "work");
            Assert.Equal(id, (await db.GetJobs("NOHANG", "FROM", queue)).Single()[1]);
            Assert.Equal(1, (long)await db.Run("ACKJOB", id));
            rounds++;
            await Task.Delay(20, CancellationToken.None);
        }
        return rounds;
    }

    private static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Frame(string[] words) => RawClient.Frame(new RespCommand(words[0]).AddRange(words.Skip(1)));
}
