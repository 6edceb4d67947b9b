namespace Disque.Tests.Simulation;

/// <summary>
/// A node instance that answers on more than one interface with more than one object (a
/// silo's job store and its gateway): the network asks it which object serves a call.
/// An instance that is not one serves every interface itself.
/// </summary>
public interface ISimServices
{
    object For(Type service);

    static object? Resolve(object? instance, Type service) => instance is ISimServices services ? services.For(service) : instance;
}
