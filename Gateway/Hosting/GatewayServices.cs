using Disque.Gateway.Commands;
using Disque.Gateway.Resp;
using Disque.Node;
using Microsoft.Extensions.Options;

namespace Disque.Gateway.Hosting;

/// <summary>What every connection of this gateway shares.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1506", Justification = "The one place the gateway's services meet.")]
public sealed class GatewayServices(
    DisqueNode node,
    IOptions<GatewaySettings> settings,
    IOptions<ProtocolLimits> limits,
    ServerStats stats,
    GatewayMetrics metrics,
    Disque.Cluster.DisqueMetrics jobs,
    Disque.Journal.IJobJournal journal,
    IHostApplicationLifetime lifetime,
    Sessions.ClientRegistry clients,
    Monitoring.SlowLog slowLog,
    Monitoring.LatencyMonitor latency,
    Monitoring.CommandStats commandStats,
    Monitoring.ClusterMessages clusterMessages,
    IConfiguration configuration,
    TimeProvider time,
    Security.SecurityEvents security,
    Security.AuthThrottle authThrottle,
    ILogger<GatewayServices> log)
{
    private readonly ProtocolLimits _beforeAuth = limits.Value.BeforeAuth();

    /// <summary>The clock timeouts and the AUTH throttle run on.</summary>
    public TimeProvider Time => time;

    /// <summary>Refusals and wrong passwords: logged and counted.</summary>
    public Security.SecurityEvents Security => security;

    /// <summary>Wrong passwords slow further attempts from the same address.</summary>
    public Security.AuthThrottle AuthThrottle => authThrottle;

    /// <summary>What a client may send before AUTH, when a password is set (Redis' figures).</summary>
    public ProtocolLimits LimitsBeforeAuth => _beforeAuth;

    /// <summary>The connections: CLIENT, MONITOR, CLIENT PAUSE.</summary>
    public Sessions.ClientRegistry Clients => clients;

    private readonly bool fastFailureDetection = configuration.GetValue<bool>("Disque:FastFailureDetection");

    public Monitoring.SlowLog SlowLog => slowLog;

    public Monitoring.LatencyMonitor Latency => latency;

    /// <summary>INFO commandstats.</summary>
    public Monitoring.CommandStats CommandStats => commandStats;

    /// <summary>CLUSTER INFO's message counters.</summary>
    public Monitoring.ClusterMessages ClusterMessages => clusterMessages;

    public ILogger Log => log;

    /// <summary>CONFIG's cluster-node-timeout: about how long Orleans takes to call a silo dead.</summary>
    public long NodeTimeoutMs => fastFailureDetection ? 1_000 : 15_000;

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

    /// <summary>
    /// The same services counting in <paramref name="ownStats"/> and <paramref name="ownMetrics"/>, with
    /// connections, slow log, latency and command statistics of their own: sessions that INFO,
    /// CLIENT LIST, MONITOR, SLOWLOG, LATENCY and /metrics must not see.
    /// </summary>
    internal GatewayServices CountingApart(ServerStats ownStats, GatewayMetrics ownMetrics) =>
        new(node, settings, limits, ownStats, ownMetrics, jobs, journal, lifetime, new Sessions.ClientRegistry(), new Monitoring.SlowLog { SlowerThan = -1 },
            new Monitoring.LatencyMonitor(), new Monitoring.CommandStats(), clusterMessages, configuration, time, security, authThrottle, log);

    public void LogCommandFailure(Exception error, string command) =>
        log.LogWarning(error, "Command {Command} failed", command);

    public void LogSlowClient() =>
        log.LogWarning("A client left more than {Bytes} bytes of replies unread for {Seconds} s: disconnected", Limits.MaxOutputBytes, Limits.OutputTimeoutSeconds);
}
