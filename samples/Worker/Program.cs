// The worker: ten workers on the "tasks" queue of 127.0.0.1:7711, a handler for
// "download" tasks and one for "foo" tasks. Each task is acknowledged when its
// handler returns, NACKed when it throws. Ctrl+C stops it gracefully.
//
//   dotnet run --project samples/Worker [-- --queue tasks --Disque:Endpoints:0=host:port]
// Under Aspire (samples/AppHost) it reads the cluster's connection string instead (SampleClient).
using System.Diagnostics;
using Disque.Client.Hosting;
using Disque.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var queue = builder.Configuration["queue"] ?? SampleTasks.DefaultQueue;

builder.AddSampleClient();
builder.Services.AddDisqueWorker(worker =>
{
    worker.Queues = [queue];
    worker.Concurrency = 10;
    worker.Handle<Download>("download", async (task, job, abandon) =>
    {
        var clock = Stopwatch.StartNew();
        await Task.Delay(Random.Shared.Next(50, 250), abandon); // the download, simulated
        Console.WriteLine($"done download {job.Job.Id} {task.Url} in {clock.ElapsedMilliseconds} ms");
    });
    worker.Handle<Foo>("foo", (task, job, _) =>
    {
        Console.WriteLine($"done foo {job.Job.Id} n={task.N}");
        return Task.CompletedTask;
    });
});

await builder.Build().RunAsync();
