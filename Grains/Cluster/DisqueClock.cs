namespace Disque.Cluster;

/// <summary>
/// The time every Disque rule reads (DELAY, RETRY, TTL, queue age). A wrapper,
/// not the silo's own TimeProvider, so tests can move job time with a
/// FakeTimeProvider while Orleans keeps real time for its own timeouts.
/// </summary>
public sealed class DisqueClock(TimeProvider time)
{
    public static readonly DisqueClock System = new(TimeProvider.System);

    public TimeProvider Time => time;

    public long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();
}
