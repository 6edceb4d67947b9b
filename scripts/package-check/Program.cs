// The package check's application (scripts/packages.sh builds it in a fresh folder, against
// the packages in a folder feed, by version): a producer over RESP (Disque.Client) and one
// over Orleans (Disque.Client.Orleans, Disque.Grains.Interfaces) add jobs, a worker host
// (Disque.Client.Hosting, its client from a connection string by Disque.Aspire.Client, whose
// health check must pass) runs them; it exits 0 when every job ran exactly once.
//
//   dotnet run -- <resp host:port> <orleans gateway port>
using System.Collections.Concurrent;
using Disque;
using Disque.Client;
using Disque.Client.Hosting;
using Disque.Client.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

const int PerProducer = 20;
var (resp, orleansPort) = (args[0], int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
var queue = $"package-check-{Guid.NewGuid():N}";

await using (var client = new DisqueClient(new DisqueClientOptions { Endpoints = [resp] }))
{
    for (var i = 0; i < PerProducer; i++)
        await client.AddJobAsync(queue, JobBody.Create("square", new Square(i)));
}
Console.WriteLine($"RESP producer: {PerProducer} jobs added to {queue}");

var orleans = Host.CreateApplicationBuilder();
orleans.Logging.SetMinimumLevel(LogLevel.Warning);
orleans.UseOrleansClient(client => client.UseLocalhostClustering(orleansPort, "disque", "disque"));
orleans.Services.AddDisqueOrleansClient();
using (var host = orleans.Build())
{
    await host.StartAsync();
    var client = host.Services.GetRequiredService<IDisqueClient>();
    string last = "";
    for (var i = PerProducer; i < 2 * PerProducer; i++)
        last = await client.AddJobAsync(queue, JobBody.Create("square", new Square(i)));
    // A grain of Disque.Grains.Interfaces, called as another Orleans service would.
    var shown = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(last).Show();
    if (shown?.Queue != queue)
        throw new InvalidOperationException($"IJobGrain.Show of {last} answered {shown?.Queue ?? "nothing"}, not {queue}.");
    await host.StopAsync();
}
Console.WriteLine($"Orleans producer: {PerProducer} jobs added; IJobGrain.Show found the last in {queue}");

var runs = new ConcurrentDictionary<int, int>();
var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var worker = Host.CreateApplicationBuilder();
worker.Logging.SetMinimumLevel(LogLevel.Warning);
// As under Aspire: the client from the connection string an app host's WithReference gives.
worker.Configuration["ConnectionStrings:jobs"] = resp;
worker.AddDisqueClient("jobs");
worker.Services.AddDisqueWorker(options =>
{
    options.Queues = [queue];
    options.Concurrency = 4;
    options.Handle<Square>("square", (task, job, _) =>
    {
        runs.AddOrUpdate(task.N, 1, (_, n) => n + 1);
        if (runs.Count == 2 * PerProducer)
            allRan.TrySetResult();
        return Task.CompletedTask;
    });
});
using (var host = worker.Build())
{
    await host.StartAsync();
    var health = await host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();
    Console.WriteLine($"Disque.Aspire.Client: health {health.Status}");
    if (health.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
        return 1;
    await Task.WhenAny(allRan.Task, Task.Delay(TimeSpan.FromSeconds(60)));
    await host.StopAsync();
}
await using (var client = new DisqueClient(new DisqueClientOptions { Endpoints = [resp] }))
{
    var left = await client.QLenAsync(queue);
    var once = Enumerable.Range(0, 2 * PerProducer).All(n => runs.GetValueOrDefault(n) == 1);
    Console.WriteLine($"Worker: {runs.Count} of {2 * PerProducer} jobs ran, {(once ? "each once" : "NOT each once")}; {left} left in the queue");
    return once && left == 0 ? 0 : 1;
}

internal sealed record Square(int N);
