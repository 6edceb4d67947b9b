using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Disque.Cluster;

/// <summary>
/// Calls that wait for membership's verdict on a silo that stopped answering.
/// Between a crash and the verdict (a few seconds) every call to that silo fails,
/// yet an ACK may only be answered once each copy is confirmed gone or its silo
/// is declared dead: so such a call is tried again until one or the other.
/// Only Orleans' own failures (no connection, rejected, timed out) are tried
/// again; an error the callee raised is passed on at once.
/// </summary>
public sealed partial class ClusterView
{
    /// <summary>
    /// How long a question put to every store waits for one silo (HELLO, INFO, QLEN, QSTAT,
    /// QPEEK, QSCAN, and PAUSE's telling, which a store missing it reads within 10 s): a slow
    /// silo is left out of the answer, not waited for.
    /// </summary>
    public static readonly TimeSpan AskEveryStoreWithin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Asks every living silo's store at once; one that fails or does not answer within
    /// <see cref="AskEveryStoreWithin"/> is answered for by <paramref name="fallback"/> (and logged
    /// as <paramref name="what"/>), so the answer leaves it out rather than waiting for it.
    /// </summary>
    public Task<T[]> AskEveryStore<T>(Func<IJobStore, Task<T>> ask, T fallback, ILogger log, string what) =>
        Task.WhenAll(Alive.Select(async silo =>
        {
            try
            {
                return await ask(Store(silo)).WaitAsync(AskEveryStoreWithin);
            }
            catch (Exception error)
            {
                log.Log(Severity(error), error, "{Silo} did not answer for {What}; answering without it", silo, what);
                return fallback;
            }
        }));

    /// <summary>Between tries: short next to membership's probe timeout.</summary>
    public static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <summary>Longer than membership needs to declare a silo dead; then the last failure is passed on.</summary>
    public static readonly TimeSpan VerdictPatience = TimeSpan.FromSeconds(60);

    /// <summary>Calls <paramref name="silo"/>'s store until it answers, or runs <paramref name="whenDead"/> once the silo is declared dead.</summary>
    public async Task<T> UntilAnsweredOrDead<T>(SiloAddress silo, Func<IJobStore, Task<T>> call, Func<Task<T>> whenDead)
    {
        var (answered, value) = await Retry(() => call(Store(silo)), () => !IsAlive(silo));
        return answered ? value : await whenDead();
    }

    /// <summary>Calls a grain that membership will move off a dead silo (a queue) until it answers.</summary>
    public async Task<T> UntilAnswered<T>(Func<Task<T>> call) => (await Retry(call, static () => false)).Value;

    /// <summary>Tries <paramref name="call"/> until it answers or <paramref name="gone"/> holds (then not answered).</summary>
    private async Task<(bool Answered, T Value)> Retry<T>(Func<Task<T>> call, Func<bool> gone)
    {
        var started = time.GetTimestamp();
        while (!gone())
        {
            try
            {
                return (true, await call());
            }
            catch (Exception error) when (IsUnreachable(error) && time.GetElapsedTime(started) < VerdictPatience)
            {
                if (!gone())
                    await Task.Delay(RetryPause, time);
            }
        }
        return (false, default!);
    }

    /// <summary>Orleans' own failure to reach a silo, as opposed to an error the callee raised.</summary>
    public static bool IsUnreachable(Exception error) => error is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException or SiloUnavailableException;

    /// <summary>How loud a failed call to another silo is: a silo that cannot be reached is expected in a failover, an error it raised is not.</summary>
    public static LogLevel Severity(Exception error) => IsUnreachable(error) ? LogLevel.Information : LogLevel.Warning;
}
