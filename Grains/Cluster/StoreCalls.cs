using Orleans.Runtime;

namespace Disque.Cluster;

/// <summary>
/// Calls to other silos' stores with a bound: a question put to every store, and calls
/// that wait for membership's verdict on a silo that stopped answering. Between a crash
/// and the verdict (a few seconds) every call to that silo fails, yet an ACK may only be
/// answered once each copy is confirmed gone or its silo is declared dead: so such a call
/// is tried again until one or the other. Only Orleans' own failures (no connection,
/// rejected, timed out) are tried again; an error the callee raised is passed on at once.
/// Every wait is on <see cref="IStoreCluster.Time"/>.
/// </summary>
public static class StoreCalls
{
    /// <summary>
    /// How long a question put to every store waits for one silo (HELLO, INFO, QLEN, QSTAT,
    /// QPEEK, QSCAN, recovery's question, and PAUSE's telling, which a store missing it reads
    /// within 10 s): a slow silo is left out of the answer, not waited for.
    /// </summary>
    public static readonly TimeSpan AskEveryStoreWithin = TimeSpan.FromSeconds(2);

    /// <summary>Between tries: short next to membership's probe timeout.</summary>
    public static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <summary>Longer than membership needs to declare a silo dead; then the last failure is passed on.</summary>
    public static readonly TimeSpan VerdictPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Asks every living silo's store at once; one that fails or does not answer within
    /// <see cref="AskEveryStoreWithin"/> is answered for by <paramref name="fallback"/> (and logged
    /// as <paramref name="what"/>), so the answer leaves it out rather than waiting for it.
    /// </summary>
    public static Task<T[]> AskEveryStore<T>(this IStoreCluster cluster, Func<IJobStore, Task<T>> ask, T fallback, ILogger log, string what) =>
        Task.WhenAll(cluster.Alive.Select(async silo =>
        {
            try
            {
                return await ask(cluster.Store(silo)).WaitAsync(AskEveryStoreWithin, cluster.Time);
            }
            catch (Exception error)
            {
                log.Log(ClusterView.Severity(error), error, "{Silo} did not answer for {What}; answering without it", silo, what);
                return fallback;
            }
        }));

    /// <summary>
    /// Calls <paramref name="silo"/>'s store until it answers, or runs <paramref name="whenDead"/> once the silo is
    /// declared dead (a silo this one does not know yet is new: it is waited for, as a living one).
    /// </summary>
    public static async Task<T> UntilAnsweredOrDead<T>(this IStoreCluster cluster, SiloAddress silo, Func<IJobStore, Task<T>> call, Func<Task<T>> whenDead)
    {
        var (answered, value) = await cluster.Retry(() => call(cluster.Store(silo)), () => cluster.IsDeclaredDead(silo));
        return answered ? value : await whenDead();
    }

    /// <summary>Calls a grain that membership will move off a dead silo (a queue) until it answers.</summary>
    public static async Task<T> UntilAnswered<T>(this IStoreCluster cluster, Func<Task<T>> call) => (await cluster.Retry(call, static () => false)).Value;

    /// <summary>Tries <paramref name="call"/> until it answers or <paramref name="gone"/> holds (then not answered).</summary>
    private static async Task<(bool Answered, T Value)> Retry<T>(this IStoreCluster cluster, Func<Task<T>> call, Func<bool> gone)
    {
        var time = cluster.Time;
        var started = time.GetTimestamp();
        while (!gone())
        {
            try
            {
                return (true, await call());
            }
            catch (Exception error) when (ClusterView.IsUnreachable(error) && time.GetElapsedTime(started) < VerdictPatience)
            {
                if (!gone())
                    await Task.Delay(RetryPause, time);
            }
        }
        return (false, default!);
    }
}
