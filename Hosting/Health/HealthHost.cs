using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Hosting.Health;

/// <summary>
/// Serves the health endpoints on <c>Disque:Bind</c>:<c>Disque:HealthPort</c>, in a small
/// web application of its own (as the dashboard), so it answers from before the silo starts
/// to after it stopped, whatever the RESP listener or the metrics port are doing:
/// <list type="bullet">
/// <item><c>/alive</c>: the checks tagged <see cref="Live"/>: the process runs its silo.</item>
/// <item><c>/ready</c>: the checks tagged <see cref="Ready"/>: an active member whose store,
/// memory, journal and (on a gateway) RESP listener can take jobs.</item>
/// </list>
/// 200 when every check passes, 503 when one does not, with a JSON body saying why.
/// </summary>
public sealed class HealthHost(HealthCheckService checks, HealthEndpoint endpoint, ILoggerFactory logging) : IHostedLifecycleService, IAsyncDisposable
{
    public const string Live = "live";
    public const string Ready = "ready";

    private WebApplication? _app;

    /// <summary>Listens before any hosted service starts, the silo included: a silo still joining answers "not ready", not nothing.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint.Address, endpoint.Port);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton(logging));
        builder.Services.AddRouting();
        // The checks are the server's: they read its silo.
        builder.Services.AddSingleton(checks);
        var app = builder.Build();
        app.UseRouting();
        app.MapHealthChecks("/alive", Options(Live));
        app.MapHealthChecks("/ready", Options(Ready));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = HealthReportWriter.Write,
    };

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Answers until every other hosted service, the silo included, has stopped.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
            await app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Where the health endpoints listen.</summary>
public sealed record HealthEndpoint(IPAddress Address, int Port);
