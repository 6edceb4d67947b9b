using Disque.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;
using Orleans.Runtime;

namespace Disque.Hosting.Health;

/// <summary>
/// Ready, membership: this silo is an active member, not leaving, and the membership table
/// answers and lists it as active. The table is read on each check (one read of one row),
/// since a silo whose table is gone keeps its last view and would look active for ever.
/// </summary>
internal sealed class MembershipCheck : IHealthCheck
{
    private readonly IClusterMembershipService _membership;
    private readonly ILocalSiloDetails _silo;
    private readonly NodeState _node;
    private readonly Probe _table;
    private volatile SiloStatus _listed;

    public MembershipCheck(IClusterMembershipService membership, ILocalSiloDetails silo, NodeState node, IServiceProvider services, TimeProvider time)
    {
        (_membership, _silo, _node) = (membership, silo, node);
        _table = new Probe(async () =>
        {
            var table = services.GetRequiredService<IMembershipTable>();
            var row = await table.ReadRowAsync(silo.SiloAddress).ConfigureAwait(false);
            _listed = row.Members.Select(m => m.Item1).FirstOrDefault(m => m.SiloAddress.Equals(silo.SiloAddress))?.Status ?? SiloStatus.None;
        }, time);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = _membership.CurrentSnapshot.GetSiloStatus(_silo.SiloAddress);
        if (status != SiloStatus.Active)
            return HealthCheckResult.Unhealthy($"not an active member: {SiloRunsCheck.Describe(status)}");
        if (_node.Leaving)
            return HealthCheckResult.Unhealthy("leaving the cluster (CLUSTER LEAVING, or stopping): its jobs move to other silos");
        if (await _table.Ask(HealthBounds.Answer, cancellationToken).ConfigureAwait(false) is { } failure)
            return HealthCheckResult.Unhealthy($"the membership table does not answer: {failure}");
        return _listed == SiloStatus.Active
            ? HealthCheckResult.Healthy("an active member; the membership table answers")
            : HealthCheckResult.Unhealthy($"the membership table lists this silo as {_listed}");
    }
}
