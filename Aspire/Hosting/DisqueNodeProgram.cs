namespace Aspire.Hosting;

/// <summary>How a node of the cluster is started: a command and its arguments.</summary>
public sealed record DisqueNodeProgram(string Command, IReadOnlyList<string> Args, string WorkingDirectory)
{
    /// <summary>The server's dotnet tool (<c>dotnet tool install -g Disque.Orleans</c>): a gateway.</summary>
    public static DisqueNodeProgram Tool { get; } = new("disque-orleans", [], ".");

    /// <summary>A built program run by dotnet: Disque.Gateway.dll or Disque.Silo.dll.</summary>
    public static DisqueNodeProgram Dotnet(string dll) =>
        new("dotnet", [Path.GetFullPath(dll)], Path.GetDirectoryName(Path.GetFullPath(dll))!);
}
