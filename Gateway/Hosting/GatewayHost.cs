using Disque.Dashboard;
using Disque.Hosting;
using Disque.Hosting.Health;
using Disque.Hosting.Tracing;

namespace Disque.Gateway.Hosting;

/// <summary>Builds a gateway: one silo that also serves RESP. Program.cs and the tests start it the same way.</summary>
public static class GatewayHost
{
    public static WebApplication Build(string[] args)
    {
        // appsettings.json is read from beside the program, whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = DisqueHost.ContentRoot });
        builder.UseOrleans(silo =>
        {
            silo.AddDisque(builder.Configuration);
            builder.AddDisqueObservability(silo);
            builder.AddDisqueTracing(silo, "disque-gateway");
        });
        builder.AddDisqueHealth().AddDisqueReadinessCheck<RespListenerCheck>("resp");
        builder.AddDisqueGateway();
        builder.AddDisqueDashboard<GatewayDashboard>();
        return builder.Build().MapDisqueObservability();
    }
}
