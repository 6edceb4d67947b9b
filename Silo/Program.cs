using Disque.Silo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A silo that holds jobs and queues but serves no RESP: run it beside gateways to grow a cluster.
// Settings files (appsettings.json) are read from beside the program, whatever the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Quiet by default, as the gateway: warnings and the host's start and stop (Logging:LogLevel settings override it).
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
builder.UseOrleans(silo => silo.AddDisque(builder.Configuration));
await builder.Build().RunAsync();
