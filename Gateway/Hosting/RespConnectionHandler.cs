using Disque.Gateway.Sessions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Disque.Gateway.Hosting;

/// <summary>Kestrel hands each accepted RESP connection here; it lives as one <see cref="Session"/>.</summary>
public sealed class RespConnectionHandler(GatewayServices services, ILogger<RespConnectionHandler> log) : ConnectionHandler
{
    /// <summary>Disque's peer id: ip:port, or [ip]:port when the address has colons (IPv6).</summary>
    internal static string PeerId(System.Net.EndPoint? endpoint) => endpoint switch
    {
        System.Net.IPEndPoint ip => (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString() is var a && a.Contains(':', StringComparison.Ordinal)
            ? $"[{a}]:{ip.Port}" : $"{a}:{ip.Port}",
        _ => "?:0",
    };

    /// <summary>An endpoint's address, IPv4 when it is IPv4 mapped into IPv6; null when it is no IP endpoint.</summary>
    internal static System.Net.IPAddress? AddressOf(System.Net.EndPoint? endpoint) =>
        endpoint is System.Net.IPEndPoint ip ? ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address : null;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        services.Stats.ConnectionOpened();
        // The server stops: clients are let go at once, as Disque closes them on SHUTDOWN,
        // instead of holding the stop for its whole timeout while they sit idle. The session
        // hears of it first, so a blocked GETJOB gives back a job it has not answered yet.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        using var stopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested.Register(() =>
        {
            ended.Cancel();
            connection.Abort();
        });
        try
        {
            var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
            var session = new Session(connection.Transport, services, ended.Token, connection.Abort)
            {
                Peer = PeerId(connection.RemoteEndPoint),
                RemoteAddress = AddressOf(connection.RemoteEndPoint),
                LocalAddress = AddressOf(connection.LocalEndPoint),
                Fd = socket is null ? -1 : socket.SafeHandle.DangerousGetHandle().ToInt64(),
            };
            await session.RunAsync();
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
