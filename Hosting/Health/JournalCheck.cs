using Disque.Journal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Disque.Hosting.Health;

/// <summary>Ready, journal (durable mode only): the job journal answers, since no ADDJOB can answer before its job is journaled.</summary>
internal sealed class JournalCheck(IJobJournal journal, TimeProvider time) : IHealthCheck
{
    private readonly Probe _journal = new(journal.Ping, time);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await _journal.Ask(HealthBounds.Answer, cancellationToken).ConfigureAwait(false) is { } failure
            ? HealthCheckResult.Unhealthy($"the job journal does not answer: {failure}")
            : HealthCheckResult.Healthy("the job journal answers");
}
