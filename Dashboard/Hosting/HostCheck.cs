using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Disque.Dashboard.Hosting;

/// <summary>
/// Who may reach the dashboard at all. In protected mode (bound beyond loopback with no
/// password) only a browser on this host; and while there is no password, only under a name
/// the server knows (loopback names, its bind address, <c>Disque:DashboardHosts</c>), so a
/// web page whose own name was pointed at this address (DNS rebinding) gets 400, not the
/// dashboard and its actions.
/// </summary>
internal static class HostCheck
{
    public static Task Require(HttpContext context, RequestDelegate next)
    {
        var server = context.RequestServices.GetRequiredService<IDashboardServer>();
        if (server.Password.Length > 0)
            return next(context);
        if (server.ProtectsFromStrangers && !FromThisHost(context.Connection))
            return Refuse(context, StatusCodes.Status403Forbidden,
                "Protected mode: the server is bound beyond loopback with no password, so only browsers on this host are served. Set Disque:Password, bind to loopback, or set Disque:ProtectedMode=false.");
        if (!Known(context.Request.Host.Host, server))
            return Refuse(context, StatusCodes.Status400BadRequest, "Unknown host name: with no password set, the dashboard answers only to the names in Disque:DashboardHosts, loopback and its bind address.");
        return next(context);
    }

    private static bool Known(string host, IDashboardServer server)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || server.HostNames.Contains(host, StringComparer.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address)
            && (IPAddress.IsLoopback(address) || address.Equals(server.Bind) || IsAny(server.Bind));
    }

    /// <summary>Bound to every interface, any of this host's addresses is one it is reached at; rebinding needs a name, not an address.</summary>
    private static bool IsAny(IPAddress bind) => bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any);

    private static bool FromThisHost(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress);

    private static Task Refuse(HttpContext context, int status, string why)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(why);
    }
}
