using Disque.Dashboard.Reading;
using Disque.Dashboard.Sampling;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Disque.Dashboard.Hosting;

/// <summary>
/// The dashboard's web application: Razor Pages on Kestrel, on <c>Bind:DashboardPort</c>,
/// behind a login when the server has a password. It shares only the server's logging;
/// its services, pipeline and Kestrel limits are its own.
/// </summary>
internal static class DashboardApp
{
    /// <summary>The largest form a page posts: a job typed in, with room to spare.</summary>
    private const long MaxRequestBytes = 1 << 20;

    public static WebApplication Build(IDashboardServer server, ILoggerFactory logging, ServerLifetime lifetime)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            // The pages are compiled into this assembly: it is the application Razor Pages looks in.
            ApplicationName = typeof(DashboardApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
            kestrel.Listen(server.Bind, server.DashboardPort, listen =>
            {
                if (server.Certificate is { } certificate)
                    listen.UseHttps(certificate);
            });
        });
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton(logging));
        services.AddSingleton(server);
        services.AddSingleton(lifetime);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardConnection>();
        services.AddSingleton<DisqueCalls>();
        services.AddSingleton<ClusterHistory>();
        services.AddSingleton<QueueHistory>();
        services.AddSingleton(s => new DashboardServices(s.GetRequiredService<DisqueCalls>(), s.GetRequiredService<DashboardConnection>(),
            s.GetRequiredService<ClusterHistory>(), s.GetRequiredService<QueueHistory>(), s.GetRequiredService<TimeProvider>()));
        services.AddHostedService<Sampler>();
        services.AddDataProtection().SetApplicationName("disque-dashboard");
        services.Configure<KeyManagementOptions>(keys => (keys.XmlRepository, keys.XmlEncryptor) = (new MemoryKeys(), new NullXmlEncryptor()));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie => Login.Configure(cookie, https: server.Certificate is not null));
        services.AddRazorPages();

        var app = builder.Build();
        app.Use(SecurityHeaders.Add);
        app.Use(HostCheck.Require);
        app.UseRouting();
        app.UseAuthentication();
        app.Use(Login.Require);
        app.MapGet("/assets/{name}", Assets.Serve);
        app.MapRazorPages();
        return app;
    }
}
