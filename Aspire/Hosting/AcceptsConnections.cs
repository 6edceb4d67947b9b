using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>Healthy once the endpoint accepts a TCP connection (the membership Redis: nodes that start before it listens fail).</summary>
internal sealed class AcceptsConnections(EndpointReference endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
            return HealthCheckResult.Unhealthy("no address yet");
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException error)
        {
            return HealthCheckResult.Unhealthy(error.Message);
        }
    }
}
