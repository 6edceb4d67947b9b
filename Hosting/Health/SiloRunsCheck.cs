using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Disque.Hosting.Health;

/// <summary>
/// Live: the process runs its silo. It is live while the silo starts, joins, serves and
/// stops; not once membership has declared it dead (Orleans then stops it, and a
/// supervisor should start a new one). It asks nothing outside the process, so it
/// answers at once whatever hangs.
/// </summary>
internal sealed class SiloRunsCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Dead
            ? HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} was declared dead")
            : HealthCheckResult.Healthy($"silo {silo.SiloAddress}: {Describe(status)}"));
    }

    internal static string Describe(SiloStatus status) => status switch
    {
        SiloStatus.None or SiloStatus.Created => "starting",
        SiloStatus.Joining => "joining the cluster",
        SiloStatus.Active => "an active member",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "stopping",
        SiloStatus.Dead => "declared dead",
        _ => status.ToString(),
    };
}
