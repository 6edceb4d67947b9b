using System.Net;
using Orleans.Runtime;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// Simulated node incarnations as Orleans silo addresses: port 20000 + node, and a generation
/// that grows with each incarnation the run names, whatever its node, as a silo's generation
/// grows with its start time (the store tells a holder started after it from one started
/// before it by that). The first incarnation named first; deterministic for a seed.
/// </summary>
internal sealed class SiloNames
{
    private readonly Dictionary<SimAddress, SiloAddress> _silos = [];
    private readonly Dictionary<SiloAddress, SimAddress> _addresses = [];

    public SiloAddress Silo(SimAddress address)
    {
        if (!_silos.TryGetValue(address, out var silo))
        {
            silo = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 20000 + address.Node), _silos.Count + 1);
            _silos[address] = silo;
            _addresses[silo] = address;
        }
        return silo;
    }

    public SimAddress Address(SiloAddress silo) => _addresses[silo];
}
