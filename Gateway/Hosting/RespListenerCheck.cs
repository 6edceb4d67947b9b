using System.Net;
using System.Net.Sockets;
using Disque.Cluster;
using Disque.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Disque.Gateway.Hosting;

/// <summary>
/// Ready, RESP (gateways): the RESP listener accepts a connection within the bound. It
/// connects and hangs up without a command, so the connection counts in INFO's
/// total_connections_received and nowhere else.
/// </summary>
internal sealed class RespListenerCheck(NodeState node) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (node.RespEndpoint is not { } endpoint)
            return HealthCheckResult.Unhealthy("the RESP listener is not open yet (the gateway waits for its cluster to settle)");
        var target = new IPEndPoint(Reachable(endpoint.Address), endpoint.Port);
        using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        within.CancelAfter(HealthBounds.Answer);
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(target, within.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"RESP accepts connections on {endpoint}");
        }
        catch (Exception error) when (error is SocketException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"RESP on {endpoint} does not accept a connection: {error.Message}");
        }
    }

    /// <summary>Bound to every interface, the listener is reached on loopback.</summary>
    private static IPAddress Reachable(IPAddress bound) =>
        bound.Equals(IPAddress.Any) ? IPAddress.Loopback : bound.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : bound;
}
