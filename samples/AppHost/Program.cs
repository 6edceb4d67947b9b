// The samples under Aspire: a Disque.Orleans cluster of three silos (two gateways and a plain
// silo) over redis-server as the membership table, the worker, and the producer adding ten tasks.
// The dashboard shows each node's health (/ready), the gateways' dashboards as endpoints, and the
// jobs' traces from the producer through the gateways to the worker's handler and its ACK.
//
//   dotnet run --project samples/AppHost
using Aspire.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var jobs = builder.AddDisqueCluster("jobs", cluster =>
{
    cluster.Gateways = 2;
    cluster.Silos = 1;
    cluster.Gateway = DisqueNodeProgram.Dotnet(Built("Gateway", "Disque.Gateway"));
    cluster.Silo = DisqueNodeProgram.Dotnet(Built("Silo", "Disque.Silo"));
    // No container engine needed: redis-server from the PATH (apt-get install redis-server).
    cluster.RedisAsExecutable = true;
});

var worker = builder.AddProject<Projects.Worker>("worker").WithReference(jobs);
builder.AddProject<Projects.Producer>("producer").WithArgs("--count", "10").WithReference(jobs).WaitFor(worker);

builder.Build().Run();

// The node programs, built with this app host in the same configuration.
string Built(string project, string assembly) =>
    Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", project, "bin", Configuration, "net10.0", assembly + ".dll"));

public partial class Program
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
