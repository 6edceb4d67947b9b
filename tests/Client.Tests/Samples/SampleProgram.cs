using System.Collections.Concurrent;
using System.Diagnostics;

namespace Disque.Client.Tests.Samples;

/// <summary>One of the samples/ programs, run as its own process from its build output, its lines kept.</summary>
public sealed class SampleProgram : IAsyncDisposable
{
    private readonly Process _process;

    public ConcurrentQueue<string> Lines { get; } = new();

    private SampleProgram(string project, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Disque.Tests.BuildOutput.Program(Path.Combine("samples", project), $"Disque.Samples.{project}"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static SampleProgram Start(string project, params string[] args) => new(project, args);

    /// <summary>Runs the program to its end; its exit code and lines.</summary>
    public static async Task<(int ExitCode, string[] Lines)> Run(string project, params string[] args)
    {
        await using var program = Start(project, args);
        await program.Exited(TimeSpan.FromSeconds(60));
        return (program._process.ExitCode, [.. program.Lines]);
    }

    /// <summary>SIGTERM, as Ctrl+C or an orchestrator asks a program to stop; its exit code.</summary>
    public async Task<int> Terminate(TimeSpan wait)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            await kill!.WaitForExitAsync();
        await Exited(wait);
        return _process.ExitCode;
    }

    public string Output => string.Join('\n', Lines);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task Exited(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The sample did not exit within {wait}; its output:\n{Output}");
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
            Lines.Enqueue(line);
    }
}
