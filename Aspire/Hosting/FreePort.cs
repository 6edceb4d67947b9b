using System.Net;
using System.Net.Sockets;

namespace Aspire.Hosting;

/// <summary>A loopback port free now, for a node's listener (its address must be known before it starts: HELLO and Orleans advertise it).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
