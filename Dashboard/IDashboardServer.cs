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

    /// <summary>The certificate the dashboard serves HTTPS with; null: plain HTTP.</summary>
    System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; }

    /// <summary>
    /// Host names (beside loopback ones and the bind address) a browser may ask for while there
    /// is no password: a page of another site cannot reach the dashboard through its own name
    /// (DNS rebinding).
    /// </summary>
    IReadOnlyCollection<string> HostNames { get; }

    /// <summary>Protected mode holds (bound beyond loopback, no password): only browsers on this host are served.</summary>
    bool ProtectsFromStrangers { get; }

    /// <summary>The server's throttle of password guesses, per client address.</summary>
    ILoginThrottle Logins { get; }
}

/// <summary>Wrong passwords slow the next attempts from the same address; each is logged and counted by the server.</summary>
public interface ILoginThrottle
{
    /// <summary>How long an attempt from this address waits before its password is checked (its turn taken).</summary>
    TimeSpan TurnOf(IPAddress address);

    void Failed(IPAddress address, string peer);

    void Succeeded(IPAddress address);
}
