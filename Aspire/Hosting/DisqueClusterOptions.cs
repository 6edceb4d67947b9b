namespace Aspire.Hosting;

/// <summary>The shape of a cluster <see cref="DisqueClusterBuilderExtensions.AddDisqueCluster"/> runs.</summary>
public sealed class DisqueClusterOptions
{
    /// <summary>Silos that also serve RESP: the ones clients connect to.</summary>
    public int Gateways { get; set; } = 2;

    /// <summary>Silos without RESP; they need <see cref="Silo"/>.</summary>
    public int Silos { get; set; }

    public DisqueNodeProgram Gateway { get; set; } = DisqueNodeProgram.Tool;

    /// <summary>The plain silo's program (Disque.Silo.dll); null: no plain silos.</summary>
    public DisqueNodeProgram? Silo { get; set; }

    /// <summary>Run the membership Redis as <c>redis-server</c> from the PATH instead of the <c>redis:7</c> container.</summary>
    public bool RedisAsExecutable { get; set; }

    /// <summary>Serve each gateway's dashboard (an endpoint named <c>dashboard</c> on the resource).</summary>
    public bool Dashboard { get; set; } = true;
}
