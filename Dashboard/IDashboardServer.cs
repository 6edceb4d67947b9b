using System.Net;

namespace Disque.Dashboard;

/// <summary>
/// What the dashboard needs of the Disque server it runs in: where to listen, where that
/// server's RESP endpoint is, and its password. Read each time they are needed: the RESP
/// endpoint is known once the server listens, and CONFIG SET requirepass changes the password.
/// </summary>
public interface IDashboardServer
{
    /// <summary>The dashboard's HTTP port; 0: no dashboard.</summary>
    int DashboardPort { get; }

    /// <summary>The address to listen on, the same as RESP's.</summary>
    IPAddress Bind { get; }

    /// <summary>Where the dashboard reaches its own server's RESP endpoint; null until it listens.</summary>
    EndPoint? Resp { get; }

    /// <summary>AUTH's password; empty: none, and the dashboard asks for no login.</summary>
    string Password { get; }
}
