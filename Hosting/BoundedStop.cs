using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Disque.Hosting;

/// <summary>
/// A stop that ends. Once SIGTERM (or SHUTDOWN) asks a silo process to stop, it exits within
/// the host's shutdown timeout (.NET's HostOptions.ShutdownTimeout: 30 s unless
/// <c>shutdownTimeoutSeconds</c> says otherwise), whatever still hangs. What hangs is Orleans
/// writing this silo's status to the membership table when that store is gone: it retries for
/// up to a minute at each of two stages and ignores the host's timeout. By then
/// <see cref="LeaveOnShutdown"/> has handed the copies over, and the other silos call this one
/// dead by their probes, so leaving without that write loses nothing.
/// For processes only: a library host (a test) keeps its own process alive.
/// </summary>
public static class BoundedStop
{
    /// <summary>Runs the host until it stops; once stopping, exits the process (code 1) if the stop outlasts the timeout.</summary>
    public static async Task RunWithBoundedStop(this IHost host)
    {
        var timeout = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BoundedStop).FullName!);
        var stopped = new ManualResetEventSlim(); // never disposed: the watchdog may still wait on it as the process ends
        // A thread of its own, not the thread pool: the bound must hold even when the pool is starved.
        var watchdog = new Thread(() =>
        {
            if (stopped.Wait(timeout))
                return;
            log.LogCritical("The stop did not finish within {Timeout} (is the membership store reachable?): exiting now", timeout);
            Console.Error.WriteLine($"Disque: the stop did not finish within {timeout}; exiting now.");
            Environment.Exit(1);
        })
        { IsBackground = true, Name = "Disque bounded stop" };
        using (lifetime.ApplicationStopping.Register(watchdog.Start))
        {
            try
            {
                await host.RunAsync();
            }
            finally
            {
                stopped.Set();
            }
        }
    }
}
