using System.Text.RegularExpressions;

namespace Disque.Cluster.Tests;

/// <summary>
/// docker-compose.yml as Compose itself reads it (no Docker engine here: `config` only reads
/// the file): valid with its anchors resolved; each Disque__ setting it gives a node is one the
/// README's configuration table documents; each program it runs is one the Dockerfile
/// publishes there, and the build makes under that name. Needs `docker compose` or
/// docker-compose 1.x: skipped, saying why, without, except in CI (CI=true), which
/// installs docker-compose: there a missing Compose fails the test.
/// </summary>
public sealed partial class ComposeFileTests
{
    [ComposeFact]
    public void Compose_reads_the_file_and_every_setting_and_program_it_names_exists()
    {
        var root = BuildOutput.RepositoryRoot;
        var tool = ComposeFactAttribute.Tool ?? throw new InvalidOperationException(ComposeFactAttribute.Missing);
        var config = ShortCommand.Run([.. tool, "-f", Path.Combine(root, "docker-compose.yml"), "config"]);

        var documented = DocumentedSetting().Matches(File.ReadAllText(Path.Combine(root, "README.md"))).Select(m => m.Groups[1].Value).ToHashSet();
        var given = GivenSetting().Matches(config).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("Clustering", given);
        var undocumented = given.Except(documented).ToList();
        Assert.True(undocumented.Count == 0, $"settings the README does not document: {string.Join(", ", undocumented)}");

        var published = PublishedTo().Matches(File.ReadAllText(Path.Combine(root, "Dockerfile"))).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        var programs = ProgramRun().Matches(config).Select(m => (Directory: m.Groups[1].Value, Assembly: m.Groups[2].Value)).Distinct().ToList();
        Assert.Equal(["gateway", "silo"], programs.Select(p => p.Directory).Order());
        foreach (var (directory, assembly) in programs)
        {
            Assert.True(published.TryGetValue(directory, out var project), $"the Dockerfile publishes nothing to /app/{directory}");
            Assert.True(File.Exists(BuildOutput.Program(project, assembly)), $"{project} does not build {assembly}.dll");
        }
    }

    [ComposeFact]
    public void Every_node_gets_the_certificate_the_script_makes_for_mutual_TLS()
    {
        var root = BuildOutput.RepositoryRoot;
        var tool = ComposeFactAttribute.Tool ?? throw new InvalidOperationException(ComposeFactAttribute.Missing);
        var config = ShortCommand.Run([.. tool, "-f", Path.Combine(root, "docker-compose.yml"), "config"]);
        var folder = Directory.CreateTempSubdirectory("disque-compose-cert-").FullName;

        var made = ShortCommand.Run(Path.Combine(root, "scripts", "orleans-cert.sh"), folder).Trim();

        // Three silos and two gateways, each with the certificates' folder mounted where the setting looks.
        Assert.Equal(5, Regex.Matches(config, @"Disque__OrleansTls__CertificatePath: /certs/orleans\.pfx").Count);
        Assert.Equal(5, Regex.Matches(config, @"certs:/certs:ro|target: /certs").Count);
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(made, null);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("orleans.pfx", Path.GetFileName(made));
    }

    /// <summary>`Disque:Name` in a row of the README's configuration table.</summary>
    [GeneratedRegex(@"`Disque:(\w+)`")]
    private static partial Regex DocumentedSetting();

    /// <summary>A setting a node is given, by its first name (Disque__OrleansTls__CertificatePath: OrleansTls).</summary>
    [GeneratedRegex(@"Disque__([A-Za-z0-9]+)(?:__\w+)?:")]
    private static partial Regex GivenSetting();

    [GeneratedRegex(@"dotnet publish (\w+)/\w+\.csproj [^\n]*?-o /app/(\w+)")]
    private static partial Regex PublishedTo();

    [GeneratedRegex(@"/app/(\w+)/([\w.]+)\.dll")]
    private static partial Regex ProgramRun();
}

/// <summary>A test that needs Compose to read a file: skipped, saying why, without it; never skipped in CI (CI=true).</summary>
public sealed class ComposeFactAttribute : FactAttribute
{
    /// <summary>The Compose command found: Docker's plugin, else docker-compose 1.x; null when neither runs.</summary>
    public static readonly string[]? Tool =
        ShortCommand.Works("docker", "compose", "version") ? ["docker", "compose"] :
        ShortCommand.Works("docker-compose", "version") ? ["docker-compose"] : null;

    public const string Missing = "neither `docker compose` nor docker-compose is installed (apt-get install docker-compose)";

    public ComposeFactAttribute()
    {
        if (Tool is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = Missing;
    }
}
