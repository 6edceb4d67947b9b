using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Disque.Hosting;

/// <summary>
/// At start, says what a stranger on the network could reach: Orleans' silo and gateway
/// ports carry grain calls with no password, so without TLS (Disque:OrleansTls) they must
/// not be reachable from untrusted networks.
/// </summary>
internal sealed class ExposureWarnings(SiloSettings settings, IPAddress advertised, ILoggerFactory logging) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.OrleansTls.Enabled && !IPAddress.IsLoopback(advertised))
        {
            logging.CreateLogger("Disque.Orleans").LogWarning(
                "Orleans' silo port {SiloPort} and gateway port {GatewayPort} listen on {Address} without TLS: anyone who reaches them can call the grains (add, take and delete jobs) with no password. They must not be reachable from untrusted networks; set Disque:OrleansTls:CertificatePath for mutual TLS.",
                settings.SiloPort, settings.GatewayPort, advertised);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
