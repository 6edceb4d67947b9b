using System.Net;
using Disque.Client;
using Microsoft.Extensions.Logging;

namespace Disque.Dashboard.Reading;

/// <summary>
/// The dashboard's client of its own server: a <see cref="DisqueClient"/> over the server's
/// RESP endpoint, authenticated with the server's password. Made again when the password
/// changes (CONFIG SET requirepass), so new connections still authenticate; the clients it
/// replaces are closed with it.
/// </summary>
internal sealed class DashboardConnection(IDashboardServer server, ILoggerFactory logging) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<DisqueClient> _replaced = [];
    private (DisqueClient Client, string Password, EndPoint Resp)? _current;

    public DisqueClient Client
    {
        get
        {
            var resp = server.Resp ?? throw new DisqueConnectionException("The server does not listen for RESP yet.");
            var password = server.Password;
            lock (_lock)
            {
                if (_current is { } current && current.Password == password && current.Resp.Equals(resp))
                    return current.Client;
                if (_current is { } old)
                    _replaced.Add(old.Client);
                var client = new DisqueClient(Options(resp, password, logging));
                _current = (client, password, resp);
                return client;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<DisqueClient> clients;
        lock (_lock)
            clients = [.. _replaced, .. _current is { } c ? [c.Client] : Array.Empty<DisqueClient>()];
        foreach (var client in clients)
            await client.DisposeAsync().ConfigureAwait(false);
    }

    private static DisqueClientOptions Options(EndPoint resp, string password, ILoggerFactory? logging) => new()
    {
        Endpoints = [resp.ToString()!],
        Password = password.Length > 0 ? password : null,
        ConnectTimeout = TimeSpan.FromSeconds(3),
        CommandTimeout = TimeSpan.FromSeconds(10),
        LoggerFactory = logging,
    };
}
