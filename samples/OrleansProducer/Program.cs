// The same producer as an Orleans application: it joins the cluster as an Orleans
// client (localhost clustering, the silo's Orleans gateway port 30000) and enqueues
// through the grains, no RESP. The worker sample, speaking RESP, runs the tasks.
//
//   dotnet run --project samples/OrleansProducer [-- --count 10 --queue tasks --Orleans:GatewayPort 30000 --Orleans:ClusterId disque]
using Disque.Client;
using Disque.Client.Orleans;
using Disque.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var orleans = builder.Configuration.GetSection("Orleans");
builder.UseOrleansClient(client => client.UseLocalhostClustering(
    orleans.GetValue("GatewayPort", 30000), orleans["ServiceId"] ?? "disque", orleans["ClusterId"] ?? "disque"));
builder.Services.AddDisqueOrleansClient();

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IDisqueClient>();
await SampleTasks.Enqueue(client, builder.Configuration["queue"] ?? SampleTasks.DefaultQueue, builder.Configuration.GetValue("count", 1));
await host.StopAsync();
