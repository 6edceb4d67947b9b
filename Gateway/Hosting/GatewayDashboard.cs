using System.Net;
using System.Security.Cryptography.X509Certificates;
using Disque.Cluster;
using Disque.Dashboard;
using Microsoft.Extensions.Options;

namespace Disque.Gateway.Hosting;

/// <summary>
/// The gateway as its dashboard sees it: Disque:DashboardPort on Disque:Bind, its RESP endpoint once
/// Kestrel listens, its password as it is now, its HTTPS certificate (Disque:DashboardTls, else
/// Disque:Tls's), protected mode, and the AUTH throttle, which counts dashboard logins too.
/// </summary>
internal sealed class GatewayDashboard(IOptions<GatewaySettings> settings, NodeState node, Security.AuthThrottle throttle, Security.SecurityEvents events)
    : IDashboardServer, ILoginThrottle
{
    private readonly Lazy<X509Certificate2?> _certificate = new(() => DashboardCertificate(settings.Value));

    public int DashboardPort => settings.Value.DashboardPort;

    public IPAddress Bind => settings.Value.BindAddress;

    /// <summary>RESP bound to every interface is reached on loopback.</summary>
    public EndPoint? Resp => node.RespEndpoint is { } resp ? new IPEndPoint(Reachable(resp.Address), resp.Port) : null;

    public string Password => settings.Value.Password;

    public X509Certificate2? Certificate => _certificate.Value;

    public IReadOnlyCollection<string> HostNames =>
        settings.Value.DashboardHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool ProtectsFromStrangers => settings.Value.Protects;

    public ILoginThrottle Logins => this;

    public TimeSpan TurnOf(IPAddress address)
    {
        var wait = throttle.TurnOf(address);
        if (wait > TimeSpan.Zero)
            events.AuthThrottled("dashboard");
        return wait;
    }

    public void Failed(IPAddress address, string peer) => events.AuthFailed("dashboard", peer, throttle.Failed(address));

    public void Succeeded(IPAddress address) => throttle.Succeeded(address);

    private static X509Certificate2? DashboardCertificate(GatewaySettings settings) =>
        settings.DashboardTls.CertificatePath.Length > 0 ? TlsCertificate.Load(settings.DashboardTls)
        : settings.Tls.CertificatePath.Length > 0 ? TlsCertificate.Load(settings.Tls)
        : null;

    private static IPAddress Reachable(IPAddress address) =>
        address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
}
