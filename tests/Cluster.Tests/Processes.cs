using System.Collections.Concurrent;
using System.Diagnostics;

namespace Disque.Tests;

/// <summary>A program the test runs on loopback and stops: redis-server, a silo, a gateway, a sample; its output kept in a log file and in <see cref="Lines"/>.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly ProcessOwner? _owner; // its own, unless it was started for a bigger owner (a cluster)

    public string Name { get; }

    private NodeProcess(string name, ProcessStartInfo start, string logPath, ProcessOwner? owner)
    {
        Name = name;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        _owner = owner is null ? new ProcessOwner() : null;
        _process = (owner ?? _owner!).Start(start);
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <param name="owner">Who sweeps what it leaves running; none: the process owns itself and sweeps on dispose.</param>
    public static NodeProcess Start(string name, string fileName, IEnumerable<string> args, string? workingDirectory = null, ProcessOwner? owner = null)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return new NodeProcess(name, start, Path.Combine(LogDirectory, $"{name}-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}.log"), owner);
    }

    /// <summary>kill -9: no clean-up, no hand-off, as a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: a clean stop, as an orchestrator (or Ctrl+C) asks for one; the exit code.</summary>
    public async Task<int> Terminate(TimeSpan wait)
    {
        await Signal("TERM");
        await WaitForExit(wait);
        return _process.ExitCode;
    }

    /// <summary>SIGSTOP: the process hangs, its connections open and silent, as a server that stopped answering.</summary>
    public Task Freeze() => Signal("STOP");

    /// <summary>SIGCONT: a frozen process answers again.</summary>
    public Task Thaw() => Signal("CONT");

    private async Task Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", _process.Id.ToString()]);
        await kill!.WaitForExitAsync();
    }

    public async Task WaitForExit(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {wait}; its output:\n{string.Join('\n', Lines)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _owner?.Dispose();
        await _log.DisposeAsync();
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        Lines.Enqueue(line);
        lock (_log)
            _log.WriteLine(line);
    }

    public static string LogDirectory { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "disque-cluster-tests")).FullName;
}
