using Disque.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Disque.Hosting.Health;

/// <summary>
/// Ready, store: this silo's job store is active and answers (it brings the store up if it
/// was not). Asked only once the silo is an active member: before, no grain can be placed.
/// </summary>
internal sealed class StoreCheck(ClusterView cluster, TimeProvider time) : IHealthCheck
{
    private readonly Probe _store = new(() => cluster.LocalStore.Describe(), time);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        !cluster.Active.Contains(cluster.Self) ? HealthCheckResult.Unhealthy("not asked: the silo is not an active member yet")
        : await _store.Ask(HealthBounds.Answer, cancellationToken).ConfigureAwait(false) is { } failure
            ? HealthCheckResult.Unhealthy($"the job store does not answer: {failure}")
            : HealthCheckResult.Healthy("the job store answers");
}
