namespace Disque.Client.Tests.Samples;

/// <summary>The samples/ programs, each run as its own process from its build output.</summary>
public static class SampleProgram
{
    public static NodeProcess Start(string project, params string[] args) =>
        NodeProcess.Start(project, "dotnet", [BuildOutput.Program(Path.Combine("samples", project), $"Disque.Samples.{project}"), .. args]);

    /// <summary>Runs the program to its end; its exit code and lines.</summary>
    public static async Task<(int ExitCode, string[] Lines)> Run(string project, params string[] args)
    {
        await using var program = Start(project, args);
        await program.WaitForExit(TimeSpan.FromSeconds(60));
        return (program.ExitCode, [.. program.Lines]);
    }
}
