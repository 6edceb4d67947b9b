namespace Disque.Tests;

/// <summary>Where the programs tests run as processes were built: beside the tests, in the same configuration.</summary>
public static class BuildOutput
{
    /// <summary>The built program of the project in <paramref name="projectDirectory"/> (relative to the repository root).</summary>
    public static string Program(string projectDirectory, string assemblyName) =>
        Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0", assemblyName + ".dll");

    public static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Disque.Orleans.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("Disque.Orleans.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
