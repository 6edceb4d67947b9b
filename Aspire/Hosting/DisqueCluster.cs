using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// What <see cref="DisqueClusterBuilderExtensions.AddDisqueCluster"/> made: Aspire resources for the
/// membership Redis, the gateways and the silos. A client resource takes it with
/// <see cref="DisqueClusterBuilderExtensions.WithReference{T}(IResourceBuilder{T}, DisqueCluster)"/>.
/// </summary>
public sealed class DisqueCluster(string name, IResourceBuilder<IResourceWithEndpoints> redis,
    IReadOnlyList<IResourceBuilder<ExecutableResource>> gateways, IReadOnlyList<IResourceBuilder<ExecutableResource>> silos, string connectionString)
{
    /// <summary>The connection's name: clients read <c>ConnectionStrings:name</c>.</summary>
    public string Name => name;

    public IResourceBuilder<IResourceWithEndpoints> Redis => redis;

    public IReadOnlyList<IResourceBuilder<ExecutableResource>> Gateways => gateways;

    public IReadOnlyList<IResourceBuilder<ExecutableResource>> Silos => silos;

    /// <summary>The gateways' RESP addresses, <c>host:port,host:port</c>: what Disque.Client's Endpoints take.</summary>
    public string ConnectionString => connectionString;
}
