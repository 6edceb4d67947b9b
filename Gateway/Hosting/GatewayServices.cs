using Disque.Gateway.Commands;
using Disque.Gateway.Resp;
using Disque.Node;
using Microsoft.Extensions.Options;

namespace Disque.Gateway.Hosting;

/// <summary>What every connection of this gateway shares.</summary>
public sealed class GatewayServices(
    DisqueNode node,
    IOptions<GatewaySettings> settings,
    IOptions<ProtocolLimits> limits,
    ServerStats stats,
    GatewayMetrics metrics,
    Disque.Cluster.DisqueMetrics jobs,
    Disque.Journal.IJobJournal journal,
    IHostApplicationLifetime lifetime,
    ILogger<GatewayServices> log)
{
    public DisqueNode Node => node;

    public GatewaySettings Settings => settings.Value;

    public ProtocolLimits Limits => limits.Value;

    public ServerStats Stats => stats;

    public GatewayMetrics Metrics => metrics;

    /// <summary>This silo's job counters, the ones /metrics exports too.</summary>
    public Disque.Cluster.DisqueMetrics Jobs => jobs;

    /// <summary>Durable mode (Disque:Storage=redis): accepted jobs are journaled.</summary>
    public bool IsDurable => journal.IsDurable;

    public CommandTable Commands => CommandTable.Disque;

    public IHostApplicationLifetime Lifetime => lifetime;

    /// <summary>The same services counting in <paramref name="ownStats"/> and <paramref name="ownMetrics"/>: sessions that INFO and /metrics must not see.</summary>
    internal GatewayServices CountingApart(ServerStats ownStats, GatewayMetrics ownMetrics) =>
        new(node, settings, limits, ownStats, ownMetrics, jobs, journal, lifetime, log);

    public void LogCommandFailure(Exception error, string command) =>
        log.LogWarning(error, "Command {Command} failed", command);

    public void LogSlowClient() =>
        log.LogWarning("A client left more than {Bytes} bytes of replies unread for {Seconds} s: disconnected", Limits.MaxOutputBytes, Limits.OutputTimeoutSeconds);
}
