// The producer over RESP: enqueues "download" and "foo" tasks on 127.0.0.1:7711
// (or the nodes given) and exits; the worker sample runs them.
//
//   dotnet run --project samples/Producer [-- --count 10 --queue tasks --Disque:Endpoints:0=host:port]
using Disque.Client;
using Disque.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var settings = Host.CreateApplicationBuilder(args).Configuration;
var options = new DisqueClientOptions();
settings.GetSection("Disque").Bind(options);

await using var client = new DisqueClient(options);
await SampleTasks.Enqueue(client, settings["queue"] ?? SampleTasks.DefaultQueue, settings.GetValue("count", 1));
