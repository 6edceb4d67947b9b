namespace Disque.Hosting;

/// <summary>
/// How a silo joins its cluster, bound from the configuration section <c>Disque</c>
/// (appsettings.json, DISQUE__X environment variables, --Disque:X=... arguments).
/// </summary>
public sealed class SiloSettings
{
    public const string Section = "Disque";

    /// <summary><c>localhost</c> (one process, the default) or <c>redis</c> (a membership table in Redis).</summary>
    public string Clustering { get; set; } = "localhost";

    public string RedisConnection { get; set; } = "127.0.0.1:6379";

    /// <summary>Orleans' silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans' client gateway port; 0: this silo takes no Orleans clients.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address (or host name) other silos reach this one at; empty: loopback with localhost clustering, else this host's address.</summary>
    public string AdvertisedIP { get; set; } = "";

    public string ClusterId { get; set; } = "disque";

    public string ServiceId { get; set; } = "disque";

    /// <summary>
    /// <c>memory</c> (the default: jobs live in the silos' memory, replicated) or
    /// <c>redis</c>: durable mode, accepted jobs are journaled in Redis and queue state
    /// kept by Orleans' Redis grain storage, so a whole-cluster restart loses no job.
    /// </summary>
    public string Storage { get; set; } = "memory";

    /// <summary>The Redis for durable mode; empty: <see cref="RedisConnection"/>.</summary>
    public string StorageConnection { get; set; } = "";

    public bool IsDurable => Storage.Equals("redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>This silo's memory limit in MiB, Disque's 1 GiB by default; above 75% of it the silo keeps no new copies.</summary>
    public long MaxMemoryMb { get; set; } = 1024;

    /// <summary>
    /// K, the job stores this silo runs, each on its own turn (issue 20: a silo that uses every core); unset: the
    /// default (<see cref="Disque.Store.StoreCount.Default"/>). Local to the silo: silos with different K work together.
    /// </summary>
    public int? Stores { get; set; }

    /// <summary>Orleans' ports (silo and gateway) over mutual TLS; off unless a certificate is given.</summary>
    public OrleansTlsSettings OrleansTls { get; set; } = new();

    /// <summary>HTTP port of the health endpoints, /alive and /ready (Health/HealthHost.cs); 0: none.</summary>
    public int HealthPort { get; set; }

    /// <summary>The address the health port listens on (a gateway's RESP listens there too).</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>Spans for the messages between silos that carry jobs, and the trace context carried across grain calls (Tracing/).</summary>
    public bool Tracing { get; set; }

    /// <summary>Where spans are exported over OTLP (turns <see cref="Tracing"/> on); empty: OTEL_EXPORTER_OTLP_ENDPOINT, else nowhere.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>Detect a dead silo in about a second instead of Orleans' default of about fifteen; for tests.</summary>
    public bool FastFailureDetection { get; set; }
}
