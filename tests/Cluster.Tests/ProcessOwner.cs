using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Disque.Tests;

/// <summary>
/// Who started a test's processes, so that none outlives its test, failed or not. Every
/// process started through an owner carries two marks in its environment, which whatever it
/// starts in turn inherits: the test run (the test host's pid and start time) and the owner.
/// Three nets catch a process:
/// <list type="bullet">
/// <item><see cref="Sweep"/> (and Dispose) kills every process still carrying the owner's mark,
/// found in /proc whoever its parent is now: the silos a script started, say.</item>
/// <item>A process started here dies with the test host: PR_SET_PDEATHSIG through
/// <c>setpriv --pdeathsig KILL</c>, from one thread that lives as long as the host (Linux sends
/// that signal when the forking thread ends, and a pool thread may end at any time).</item>
/// <item>The first owner made in a test host kills the marked processes of earlier runs whose
/// test host is gone (a host killed before it could sweep, and the grandchildren PDEATHSIG misses).</item>
/// </list>
/// </summary>
public sealed class ProcessOwner : IDisposable
{
    private const string RunVariable = "DISQUE_TEST_RUN";
    private const string OwnerVariable = "DISQUE_TEST_OWNER";
    private static readonly string Run = $"{Environment.ProcessId}:{StartTime(Environment.ProcessId)}";
    private static readonly Lazy<int> Orphans = new(() => Kill((run, _) => run is not null && run != Run && !RunAlive(run)));
    private static readonly string? SetPriv = new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists);

    private readonly string _id = Guid.NewGuid().ToString("N");

    public ProcessOwner() => _ = Orphans.Value;

    /// <summary>Starts the process with this owner's marks, bound to die with the test host.</summary>
    public Process Start(ProcessStartInfo start)
    {
        start.Environment[RunVariable] = Run;
        start.Environment[OwnerVariable] = _id;
        if (SetPriv is not null)
        {
            foreach (var arg in new[] { "--pdeathsig", "KILL", "--", start.FileName }.Reverse())
                start.ArgumentList.Insert(0, arg);
            start.FileName = SetPriv;
        }
        return Launcher.Start(start);
    }

    /// <summary>Kills (SIGKILL) every process that still carries this owner's mark; how many there were.</summary>
    public int Sweep() => Kill((_, owner) => owner == _id);

    public void Dispose() => Sweep();

    private static int Kill(Func<string?, string?, bool> marked)
    {
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
                continue;
            var (run, owner) = Marks(pid);
            if (!marked(run, owner))
                continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                killed++;
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile.
            }
        }
        return killed;
    }

    private static (string? Run, string? Owner) Marks(int pid)
    {
        string? run = null, owner = null;
        try
        {
            foreach (var entry in Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0'))
            {
                if (entry.StartsWith(RunVariable + "=", StringComparison.Ordinal))
                    run = entry[(RunVariable.Length + 1)..];
                else if (entry.StartsWith(OwnerVariable + "=", StringComparison.Ordinal))
                    owner = entry[(OwnerVariable.Length + 1)..];
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or not ours to read.
        }
        return (run, owner);
    }

    /// <summary>Whether the test host a run mark names still runs (the same pid and start time).</summary>
    private static bool RunAlive(string run)
    {
        var parts = run.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var pid) && StartTime(pid) == parts[1];
    }

    /// <summary>A process' start time in clock ticks since boot (field 22 of /proc/pid/stat): with the pid, it names one process.</summary>
    private static string StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "gone";
        }
    }

    /// <summary>Starts processes from one thread that lives as long as the test host.</summary>
    private static class Launcher
    {
        private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

        static Launcher()
        {
            var thread = new Thread(() =>
            {
                foreach (var (start, started) in Requests.GetConsumingEnumerable())
                {
                    try
                    {
                        started.SetResult(Process.Start(start)!);
                    }
                    catch (Exception error)
                    {
                        started.SetException(error);
                    }
                }
            })
            { IsBackground = true, Name = "test process launcher" };
            thread.Start();
        }

        public static Process Start(ProcessStartInfo start)
        {
            var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
            Requests.Add((start, started));
            return started.Task.GetAwaiter().GetResult();
        }
    }
}
