using System.ComponentModel;
using System.Diagnostics;

namespace Disque.Cluster.Tests;

/// <summary>A short command the tests run to its end (ip, nft, docker compose): within 30 s, or an error.</summary>
internal static class ShortCommand
{
    /// <summary>Its output, or InvalidOperationException with its error output.</summary>
    public static string Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new InvalidOperationException($"'{string.Join(' ', command)}' did not finish within 30 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({process.ExitCode}): {error.Result.Trim()}");
        return output.Result;
    }

    /// <summary>Whether the command runs and succeeds (a program that is not installed does not).</summary>
    public static bool Works(params string[] command)
    {
        try
        {
            Run(command);
            return true;
        }
        catch (Exception error) when (error is InvalidOperationException or Win32Exception)
        {
            return false;
        }
    }
}
