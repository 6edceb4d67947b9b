namespace Disque;

/// <summary>
/// Ours, beyond Disque: how long a failing job waits before it is queued again.
/// After its n-th failed delivery (a NACK, or RETRY passing without an ACK) the wait is
/// min(cap, base × 2^(n-1)) seconds, of which a random half is taken off (equal jitter:
/// the wait lands in [d/2, d]), so jobs that failed together do not all come back together.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Backoff
{
    public Backoff(long baseSeconds, long capSeconds) => (BaseSeconds, CapSeconds) = (baseSeconds, capSeconds);

    /// <summary>The first wait, in seconds (at least 1).</summary>
    [Id(0)] public long BaseSeconds { get; init; }

    /// <summary>No wait is longer, in seconds (at least <see cref="BaseSeconds"/>).</summary>
    [Id(1)] public long CapSeconds { get; init; }

    /// <summary>The longest a base or a cap may be: a year.</summary>
    public const long MaxSeconds = 365L * 24 * 3600;

    public bool IsValid => BaseSeconds is >= 1 and <= MaxSeconds && CapSeconds >= BaseSeconds && CapSeconds <= MaxSeconds;

    /// <summary>The full wait after the <paramref name="failures"/>-th failure, before jitter, in ms.</summary>
    public long CeilingMs(int failures)
    {
        var doublings = Math.Clamp(failures - 1, 0, 62);
        var seconds = doublings >= 40 || BaseSeconds > CapSeconds >> doublings ? CapSeconds : BaseSeconds << doublings;
        return Math.Min(seconds, CapSeconds) * 1000;
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure, in ms; <paramref name="jitter"/> in [0, 1) picks where in [d/2, d] it lands.</summary>
    public long DelayMs(int failures, double jitter)
    {
        var ceiling = CeilingMs(failures);
        var half = ceiling / 2;
        return ceiling - half + (long)(half * Math.Clamp(jitter, 0, 1));
    }
}
