using Disque.Gateway.Sessions;
using Microsoft.AspNetCore.Connections;

namespace Disque.Gateway.Hosting;

/// <summary>Kestrel hands each accepted RESP connection here; it lives as one <see cref="Session"/>.</summary>
public sealed class RespConnectionHandler(GatewayServices services, ILogger<RespConnectionHandler> log) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        services.Stats.ConnectionOpened();
        try
        {
            await new Session(connection.Transport, services, connection.ConnectionClosed, connection.Abort).RunAsync();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            log.LogWarning(error, "Connection {Id} ended with an error", connection.ConnectionId);
        }
        finally
        {
            services.Stats.ConnectionClosed();
        }
    }
}
