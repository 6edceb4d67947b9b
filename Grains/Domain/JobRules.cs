namespace Disque.Domain;

/// <summary>The replication level and RETRY a job gets once Disque's defaults are applied.</summary>
public readonly record struct JobTerms(int Replicate, long RetrySeconds);

/// <summary>
/// Disque's rules for a new job's times and copies: default TTL 86400 s; default
/// RETRY TTL/10, at most 300 s, at least 1 s; RETRY 0 (at-most-once) only with one
/// copy; DELAY must end before the TTL does; default REPLICATE min(3, silos).
/// </summary>
public static class JobRules
{
    public const int MaxDefaultRetrySeconds = 300;
    public const int MaxDefaultReplicate = 3;

    /// <summary>A time so far ahead it never comes: where a 64-bit TTL, DELAY or RETRY in ms would overflow.</summary>
    public const long NeverMs = long.MaxValue / 4;

    public static long DefaultRetrySeconds(long ttlSeconds) => Math.Max(1, Math.Min(ttlSeconds / 10, MaxDefaultRetrySeconds));

    /// <summary><paramref name="seconds"/> after <paramref name="nowMs"/>, in ms, or <see cref="NeverMs"/> when that is further.</summary>
    public static long AfterSeconds(long nowMs, long seconds) =>
        seconds >= (NeverMs - nowMs) / 1000 ? NeverMs : nowMs + seconds * 1000;

    public static int DefaultReplicate(int silos) => Math.Clamp(silos, 1, MaxDefaultReplicate);

    /// <summary>Applies the defaults and checks what only the cluster can check, in Disque's order.</summary>
    /// <param name="defaultReplicate">The copies a job gets when ADDJOB names none: <see cref="DefaultReplicate"/> unless configured.</param>
    public static Outcome<JobTerms> Resolve(JobSpec spec, int defaultReplicate)
    {
        var replicate = spec.Replicate > 0 ? spec.Replicate : defaultReplicate;
        if (replicate > 1 && spec.RetrySeconds == 0)
            return DisqueError.AtMostOnceReplicate;
        if (spec.DelaySeconds >= spec.TtlSeconds)
            return DisqueError.DelayNotBelowTtl;
        var retry = spec.RetrySeconds >= 0 ? spec.RetrySeconds : DefaultRetrySeconds(spec.TtlSeconds);
        return new JobTerms(replicate, retry);
    }

    /// <summary>
    /// The id's last 4 hex digits: TTL in minutes (at most 0xffff), odd for at-least-once,
    /// even for at-most-once. Disque passes TTL and RETRY to its id maker as C ints, so
    /// above 2^31-1 they wrap: the same ids come out here for the same values.
    /// </summary>
    public static ushort TtlSuffix(long ttlSeconds, long retrySeconds)
    {
        var minutes = unchecked((int)ttlSeconds) / 60;
        minutes = minutes < 0 ? 1 : Math.Min(minutes, ushort.MaxValue);
        return (ushort)(unchecked((int)retrySeconds) > 0 ? minutes | 1 : minutes & ~1);
    }
}
