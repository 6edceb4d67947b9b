using System.Net;

namespace Disque.Gateway.Hosting;

/// <summary>The RESP side of a gateway silo, bound from the configuration section <c>Disque</c>.</summary>
public sealed class GatewaySettings
{
    public const string Section = "Disque";

    /// <summary>The RESP port, Disque's 7711 by default; 0 picks a free port.</summary>
    public int Port { get; set; } = 7711;

    /// <summary>The address to listen on: loopback unless you mean otherwise (and then set a password).</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address clients are told to connect to (HELLO, CLUSTER NODES), like Redis'
    /// cluster-announce-ip: for a gateway behind NAT or in a container. Empty: the bind
    /// address, or when that is every interface, the address other silos reach this one at.
    /// </summary>
    public string AnnounceIP { get; set; } = "";

    /// <summary>The port clients are told to connect to; 0: the RESP port.</summary>
    public int AnnouncePort { get; set; }

    /// <summary>AUTH's password; empty: no password. CONFIG SET requirepass changes it at run time.</summary>
    public string Password { get; set; } = "";

    public bool RequiresPassword => Password.Length > 0;

    /// <summary>
    /// Redis' protected mode: bound beyond loopback with no password, only clients on this
    /// host are served; everyone else is told why and let go. False turns it off.
    /// </summary>
    public bool ProtectedMode { get; set; } = true;

    /// <summary>Protected mode holds now (the password may be set or cleared at run time).</summary>
    public bool Protects => ProtectedMode && !RequiresPassword && !IPAddress.IsLoopback(BindAddress);

    /// <summary>HTTP port for /metrics (Prometheus) and /dashboard; 0: none.</summary>
    public int MetricsPort { get; set; }

    /// <summary>Serve the Orleans Dashboard at /dashboard on the metrics port.</summary>
    public bool Dashboard { get; set; }

    /// <summary>HTTP port of Disque's own dashboard (queues and jobs, in a browser) on the RESP address; 0: none.</summary>
    public int DashboardPort { get; set; }

    /// <summary>
    /// The dashboard's HTTPS certificate; without one, <see cref="Tls"/>'s certificate when it
    /// has one; without either, the dashboard is plain HTTP.
    /// </summary>
    public TlsSettings DashboardTls { get; set; } = new();

    /// <summary>Host names the dashboard answers to while there is no password (comma separated), beside loopback and the bind address.</summary>
    public string DashboardHosts { get; set; } = "";

    /// <summary>RESP over TLS on a port of its own, beside the plain one (as Redis' tls-port).</summary>
    public TlsSettings Tls { get; set; } = new();

    public IPAddress BindAddress => Bind is "*" or "" ? IPAddress.Any : IPAddress.Parse(Bind);
}

/// <summary>The TLS listener: off unless a port and a certificate are given.</summary>
public sealed class TlsSettings
{
    /// <summary>0: no TLS listener.</summary>
    public int Port { get; set; }

    /// <summary>A PKCS#12 (.pfx) file, or a PEM certificate with <see cref="KeyPath"/>.</summary>
    public string CertificatePath { get; set; } = "";

    public string KeyPath { get; set; } = "";

    public string Password { get; set; } = "";

    public bool Enabled => Port > 0 && CertificatePath.Length > 0;
}
