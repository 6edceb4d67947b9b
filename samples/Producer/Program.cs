// The producer over RESP: enqueues "download" and "foo" tasks on 127.0.0.1:7711
// (or the nodes given) and exits; the worker sample runs them.
//
//   dotnet run --project samples/Producer [-- --count 10 --queue tasks --Disque:Endpoints:0=host:port]
// Under Aspire (samples/AppHost) it reads the cluster's connection string instead (SampleClient).
using Disque.Client;
using Disque.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddSampleClient();
using var host = builder.Build();
// Started and stopped so its tracing, if any, starts and sends what it recorded before the exit.
await host.StartAsync();
await SampleTasks.Enqueue(host.Services.GetRequiredService<IDisqueClient>(), builder.Configuration["queue"] ?? SampleTasks.DefaultQueue, builder.Configuration.GetValue("count", 1));
await host.StopAsync();
