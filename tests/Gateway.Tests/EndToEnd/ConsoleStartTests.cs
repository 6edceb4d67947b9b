using System.Collections.Concurrent;
using System.Diagnostics;

namespace Disque.Gateway.Tests.EndToEnd;

/// <summary>
/// The gateway program as `dotnet run --project Gateway` starts it (its own appsettings.json,
/// only the ports moved off the defaults): its console reads as a RESP server's.
/// </summary>
public sealed class ConsoleStartTests
{
    [Fact]
    public async Task The_console_says_in_one_line_where_RESP_metrics_and_the_dashboard_listen_and_calls_RESP_no_HTTP_URL()
    {
        var (port, dashboard) = (FreePorts.Next(), FreePorts.Next());
        var output = await RunUntilStarted(
            $"--Disque:Port={port}", $"--Disque:SiloPort={FreePorts.Next()}", $"--Disque:GatewayPort={FreePorts.Next()}", $"--Disque:DashboardPort={dashboard}");

        var line = Assert.Single(output, l => l.Contains("RESP on", StringComparison.Ordinal));
        Assert.Contains($"RESP on 127.0.0.1:{port}, metrics off (Disque:MetricsPort), dashboard on http://127.0.0.1:{dashboard}/.", line);
        Assert.DoesNotContain(output, l => l.Contains($"http://127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains("ServerGC", StringComparison.Ordinal));
    }

    /// <summary>Runs the built gateway until it says where it listens, stops it (SIGTERM) and returns what it printed.</summary>
    private static async Task<IReadOnlyList<string>> RunUntilStarted(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuildOutput.Program("Gateway", "Disque.Gateway"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var lines = new ConcurrentQueue<string>();
        using var gateway = Process.Start(start)!;
        gateway.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        gateway.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            await Wait.Until(() => lines.Any(l => l.Contains("RESP on", StringComparison.Ordinal)) || gateway.HasExited, seconds: 90, what: "the gateway's start");
        }
        finally
        {
            if (!gateway.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", gateway.Id.ToString()]))
                    await term.WaitForExitAsync();
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await gateway.WaitForExitAsync(stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    gateway.Kill(entireProcessTree: true);
                }
            }
        }
        await gateway.WaitForExitAsync();
        return [.. lines];
    }
}
