using Disque.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Disque.Hosting.Health;

/// <summary>Ready, memory: the silo is not over its memory mark, where it refuses new copies (ADDJOB's -NOREPL ... I'm out of memory).</summary>
internal sealed class MemoryCheck(NodeState node) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(node.OutOfMemory
            ? HealthCheckResult.Unhealthy($"out of memory: over {MemoryWatcher.HighWater:P0} of maxmemory ({node.MaxMemoryBytes >> 20} MB), new jobs are refused")
            : HealthCheckResult.Healthy($"under {MemoryWatcher.HighWater:P0} of maxmemory ({node.MaxMemoryBytes >> 20} MB)"));
}
