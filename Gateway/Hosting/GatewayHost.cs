using Disque.Silo;

namespace Disque.Gateway.Hosting;

/// <summary>Builds a gateway: one silo that also serves RESP. Program.cs and the tests start it the same way.</summary>
public static class GatewayHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleans(silo =>
        {
            silo.AddDisque(builder.Configuration);
            builder.AddDisqueObservability(silo);
        });
        builder.AddDisqueGateway();
        return builder.Build().MapDisqueObservability();
    }
}
