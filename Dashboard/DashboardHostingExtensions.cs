using Disque.Dashboard.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Disque.Dashboard;

public static class DashboardHostingExtensions
{
    /// <summary>
    /// Serves the dashboard beside the server <typeparamref name="TServer"/> describes, on its
    /// own port (nothing when that port is 0). It is a web application of its own in this
    /// process, so the server's Kestrel settings (tuned for RESP) and its pipeline stay untouched.
    /// <see cref="DashboardHost.Address"/> tells where it listens.
    /// </summary>
    public static IHostApplicationBuilder AddDisqueDashboard<TServer>(this IHostApplicationBuilder builder)
        where TServer : class, IDashboardServer
    {
        builder.Services.AddSingleton<IDashboardServer, TServer>();
        builder.Services.AddSingleton<DashboardHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DashboardHost>());
        return builder;
    }
}
