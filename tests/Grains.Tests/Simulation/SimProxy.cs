using System.Reflection;

namespace Disque.Tests.Simulation;

/// <summary>
/// The proxy <see cref="SimNetwork.Connect{T}"/> returns: one node incarnation as another sees it.
/// Every interface method becomes a call over the network; it is bound to one target incarnation,
/// so after the target restarts its calls time out, as calls to a dead silo's address do.
/// Public only because <see cref="DispatchProxy"/> derives a type from it.
/// </summary>
public class SimProxy : DispatchProxy
{
    private SimNetwork? _network;

    public SimAddress From { get; private set; }
    public SimAddress To { get; private set; }

    internal void Bind(SimNetwork network, SimAddress from, SimAddress to)
    {
        _network = network;
        From = from;
        To = to;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _network!.Call(From, To, targetMethod!, args ?? []);
}
