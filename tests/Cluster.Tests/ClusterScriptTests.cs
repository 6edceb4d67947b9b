using System.Diagnostics;
using Xunit.Abstractions;

namespace Disque.Cluster.Tests;

/// <summary>
/// scripts/cluster.sh as the README uses it: started through a pipe (<c>| tee log</c>) it returns,
/// it records the dotnet processes themselves, and stop leaves none of them running.
/// </summary>
public sealed class ClusterScriptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_returns_through_a_pipe_and_stop_ends_every_process_it_started()
    {
        using var owner = new ProcessOwner();
        var state = Directory.CreateTempSubdirectory("disque-cluster-script-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["DISQUE_REDIS_PORT"] = FreePorts.Next().ToString(),
            ["DISQUE_PORT"] = FreePorts.Next().ToString(),
            ["DISQUE_SILO_PORT"] = FreePorts.Consecutive(2).ToString(),
            ["DISQUE_GATEWAY_PORT"] = "0",
            ["DISQUE_CLUSTER_STATE"] = state,
            ["DISQUE_CONFIGURATION"] = BuildOutput.Configuration,
            ["DISQUE_BUILD"] = "0",
        };

        List<int> started = [];
        try
        {
            // Read to its end, as tee does: the old script never got there, its background subshells held the pipe.
            Assert.Equal(0, await Script(owner, environment, TimeSpan.FromSeconds(120), "start", "2", "1"));

            started = Recorded(state);
            Assert.Equal(3, started.Count);
            Assert.All(started, pid => Assert.Matches("Disque\\.(Gateway|Silo)\\.dll|redis-server", CommandLine(pid)));

            Assert.Equal(0, await Script(owner, environment, TimeSpan.FromSeconds(90), "stop"));

            Assert.All(started, pid => Assert.False(Runs(pid), $"{pid} ({CommandLine(pid)}) still runs after stop"));
            Assert.Equal(0, owner.Sweep());
        }
        finally
        {
            // The marks find the silos whoever their parent is; redis-server rewrites its environment
            // (its process title), so it is found by the pid the script recorded.
            owner.Sweep();
            foreach (var pid in started.Count > 0 ? started : Recorded(state))
            {
                try
                {
                    if (CommandLine(pid).Contains("redis-server", StringComparison.Ordinal))
                        Process.GetProcessById(pid).Kill();
                }
                catch (Exception error) when (error is ArgumentException or InvalidOperationException)
                {
                    // Gone meanwhile.
                }
            }
        }
    }

    /// <summary>The pids scripts/cluster.sh recorded: its silos, then its redis-server.</summary>
    private static List<int> Recorded(string state)
    {
        var silos = Path.Combine(state, "pids");
        var redis = Path.Combine(state, "redis.pid");
        return
        [
            .. File.Exists(silos) ? File.ReadAllLines(silos).Select(line => int.Parse(line.Split(' ')[0])) : [],
            .. File.Exists(redis) ? [int.Parse(File.ReadAllText(redis).Trim())] : Array.Empty<int>(),
        ];
    }

    /// <summary>Runs scripts/cluster.sh with its output on a pipe, read to the end; its exit code.</summary>
    private async Task<int> Script(ProcessOwner owner, Dictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(BuildOutput.RepositoryRoot, "scripts", "cluster.sh"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var script = owner.Start(start);
        var text = Task.WhenAll(script.StandardOutput.ReadToEndAsync(), script.StandardError.ReadToEndAsync());
        try
        {
            var lines = await text.WaitAsync(timeout);
            output.WriteLine($"cluster.sh {string.Join(' ', args)}:\n{string.Concat(lines)}");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"cluster.sh {string.Join(' ', args)}: its output was still open after {timeout} (exited: {script.HasExited})");
        }
        await script.WaitForExitAsync();
        return script.ExitCode;
    }

    private static string CommandLine(int pid) =>
        File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ') : "";

    /// <summary>Runs and is not a zombie waiting for its parent.</summary>
    private static bool Runs(int pid) => CommandLine(pid).Length > 0;
}
