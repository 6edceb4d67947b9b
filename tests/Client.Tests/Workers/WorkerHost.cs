using System.Collections.Concurrent;
using Disque.Client.Hosting;
using Disque.Client.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Client.Tests.Workers;

/// <summary>A worker host (AddDisqueClient + AddDisqueWorker) against the test gateway, and what its handlers saw.</summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHost(IHost host) => _host = host;

    /// <summary>Every run of a handler: the job and the NACKs it had when it started.</summary>
    public ConcurrentQueue<(string Id, int Nacks, int AdditionalDeliveries)> Runs { get; } = new();

    public static async Task<WorkerHost> Start(ClientGatewayFixture gateway, Action<DisqueWorkerOptions, WorkerHost> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        if (services is null)
            builder.Services.AddDisqueClient(o => o.Endpoints = gateway.ClientOptions().Endpoints);
        else
            services(builder.Services);
        WorkerHost? self = null;
        builder.Services.AddDisqueWorker(o => configure(o, self!));
        self = new WorkerHost(builder.Build());
        await self._host.StartAsync();
        return self;
    }

    /// <summary>Services that make the gateway a plain Disque to the worker host (<see cref="PlainDisqueClient"/>).</summary>
    public static Action<IServiceCollection> AsPlainDisque(ClientGatewayFixture gateway) => services => services
        .AddSingleton(_ => gateway.NewClient())
        .AddSingleton<IDisqueClient>(s => new PlainDisqueClient(s.GetRequiredService<DisqueClient>()));

    /// <summary>Counts the run; call first thing in a handler.</summary>
    public void Ran(JobContext job) => Runs.Enqueue((job.Job.Id, job.Nacks, job.Job.AdditionalDeliveries ?? 0));

    public int RunsOf(string id) => Runs.Count(r => r.Id == id);

    public Task Stop() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
