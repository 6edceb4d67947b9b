using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Tracing;

/// <summary>
/// The tests that listen to the client's spans. A listener is process-wide: while one lives, every client
/// traced puts its trace context in the bodies it adds, which other tests read. So these run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection : ICollectionFixture<ClientGatewayFixture>
{
    public const string Name = "tracing";
}
