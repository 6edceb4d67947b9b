using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Dashboard.Hosting;

/// <summary>
/// Runs the dashboard's web application while the server runs: it listens from the
/// server's start (a port in use fails the start, loudly), and reads Disque only once
/// the server has started.
/// </summary>
public sealed class DashboardHost(IDashboardServer server, ILoggerFactory logging, IHostApplicationLifetime lifetime) : IHostedLifecycleService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where a browser opens the dashboard (<c>http://address:port/</c>, https with a certificate); null when it is off or not started.</summary>
    public string? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (server.DashboardPort <= 0)
            return;
        _app = DashboardApp.Build(server, logging, new ServerLifetime(lifetime.ApplicationStarted, lifetime.ApplicationStopping));
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = bound is null ? server.DashboardPort : new Uri(bound).Port;
        var scheme = server.Certificate is null ? "http" : "https";
        Address = string.Create(CultureInfo.InvariantCulture, $"{scheme}://{new IPEndPoint(server.Bind, port)}/");
    }

    /// <summary>
    /// Stops the dashboard and closes its RESP connections before any hosted service stops:
    /// Kestrel stops first, and would wait for every RESP connection still open.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
            return;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
            await app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>The server's own start and stop, as the dashboard's services see them.</summary>
internal sealed record ServerLifetime(CancellationToken Started, CancellationToken Stopping);
