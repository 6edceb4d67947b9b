using System.Diagnostics;
using System.Net;
using Disque.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using StackExchange.Redis;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>
/// A gateway started in this process on free loopback ports (RESP, Orleans silo,
/// Orleans gateway), reached over real TCP by StackExchange.Redis and redis-cli.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private Task? _running;

    public int Port { get; } = FreePorts.Next();

    /// <summary>The gateway's services (its hosted services among them).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Extra configuration a derived fixture passes (e.g. a password).</summary>
    protected virtual IEnumerable<string> Settings => [];

    public async Task InitializeAsync()
    {
        var silo = FreePorts.Next();
        var gateway = FreePorts.Next();
        _app = GatewayHost.Build(
        [
            $"--Disque:Port={Port}", $"--Disque:SiloPort={silo}", $"--Disque:GatewayPort={gateway}",
            $"--Disque:ClusterId=test-{Port}", "--Logging:LogLevel:Default=Warning", .. Settings,
        ]);
        // Run, as Program.cs does, so SHUTDOWN (which asks the host to stop) really stops it.
        var started = new TaskCompletionSource();
        _app.Lifetime.ApplicationStarted.Register(started.SetResult);
        _running = _app.RunAsync();
        await Task.WhenAny(started.Task, _running);
        if (_running.IsCompleted)
            await _running; // it failed to start: say why
    }

    public async Task DisposeAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _running!;
        await _app.DisposeAsync();
    }

    /// <summary>A client connection; commands Disque does not have are kept out of its handshake.</summary>
    public Task<ConnectionMultiplexer> Connect() => ConnectionMultiplexer.ConnectAsync(Options(Port));

    public static ConfigurationOptions Options(int port) => new()
    {
        EndPoints = { new IPEndPoint(IPAddress.Loopback, port) },
        CommandMap = CommandMap.Create(["ECHO", "CLIENT", "SUBSCRIBE", "UNSUBSCRIBE", "GET", "SET", "SELECT"], available: false),
        TieBreaker = "",
        ConfigurationChannel = "",
        Protocol = RedisProtocol.Resp2,
        AsyncTimeout = 60_000,
        SyncTimeout = 60_000,
    };

    /// <summary>Runs redis-cli against the gateway and returns what it printed.</summary>
    public Task<string> Cli(params string[] args) => RedisCli(["-p", Port.ToString(), .. args]);

    /// <summary>Runs redis-cli with these arguments and returns what it printed; it does not outlive the call.</summary>
    public static async Task<string> RedisCli(params string[] args)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var owner = new ProcessOwner();
        using var process = owner.Start(start);
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync();
        return output.TrimEnd('\n');
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
