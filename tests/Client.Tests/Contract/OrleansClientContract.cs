using Disque.Client.Orleans;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Contract;

/// <summary>The contract over Orleans: an Orleans client joined to the gateway's silo calls IDisque, no RESP.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class OrleansClientContract(ClientGatewayFixture gateway) : ClientContract(gateway)
{
    protected override async Task<IDisqueClient> CreateClient() =>
        new OrleansDisqueClient(await Gateway.OrleansClient(), new OrleansDisqueClientOptions { BlockSlice = TimeSpan.FromMilliseconds(300) });
}
