using System.Net;
using Disque.Cluster;
using Disque.Dashboard;
using Microsoft.Extensions.Options;

namespace Disque.Gateway.Hosting;

/// <summary>The gateway as its dashboard sees it: Disque:DashboardPort on Disque:Bind, its RESP endpoint once Kestrel listens, its password as it is now.</summary>
internal sealed class GatewayDashboard(IOptions<GatewaySettings> settings, NodeState node) : IDashboardServer
{
    public int DashboardPort => settings.Value.DashboardPort;

    public IPAddress Bind => settings.Value.BindAddress;

    /// <summary>RESP bound to every interface is reached on loopback.</summary>
    public EndPoint? Resp => node.RespEndpoint is { } resp ? new IPEndPoint(Reachable(resp.Address), resp.Port) : null;

    public string Password => settings.Value.Password;

    private static IPAddress Reachable(IPAddress address) =>
        address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
}
