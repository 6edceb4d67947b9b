using Disque.Silo;
using Microsoft.Extensions.Hosting;

// A silo that holds jobs and queues but serves no RESP: run it beside gateways to grow a cluster.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddDisque(builder.Configuration));
await builder.Build().RunAsync();
