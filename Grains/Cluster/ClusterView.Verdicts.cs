using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Disque.Cluster;

/// <summary>How a failed call to another silo is told apart and logged; the calls themselves are <see cref="StoreCalls"/>.</summary>
public sealed partial class ClusterView
{
    /// <summary>Orleans' own failure to reach a silo, as opposed to an error the callee raised.</summary>
    public static bool IsUnreachable(Exception error) => error is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException or SiloUnavailableException;

    /// <summary>How loud a failed call to another silo is: a silo that cannot be reached is expected in a failover, an error it raised is not.</summary>
    public static LogLevel Severity(Exception error) => IsUnreachable(error) ? LogLevel.Information : LogLevel.Warning;
}
