using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Disque.Client.Aspire;

/// <summary>Healthy while a node of the cluster answers PING through the application's client, within its command timeout.</summary>
internal sealed class DisqueHealthCheck(DisqueClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await client.ExecuteAsync(["PING"], cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING: {reply}");
        }
        catch (Exception error) when (error is DisqueException or DisqueConnectionException)
        {
            return HealthCheckResult.Unhealthy(error.Message, error);
        }
    }
}
