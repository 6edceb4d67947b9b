namespace Disque.Domain;

/// <summary>The replication level and RETRY a job gets once Disque's defaults are applied.</summary>
public readonly record struct JobTerms(int Replicate, int RetrySeconds);

/// <summary>
/// Disque's rules for a new job's times and copies: default TTL 86400 s; default
/// RETRY TTL/10, at most 300 s, at least 1 s; RETRY 0 (at-most-once) only with one
/// copy; DELAY must end before the TTL does; default REPLICATE min(3, silos).
/// </summary>
public static class JobRules
{
    public const int MaxDefaultRetrySeconds = 300;
    public const int MaxDefaultReplicate = 3;

    public static int DefaultRetrySeconds(int ttlSeconds) => Math.Max(1, Math.Min(ttlSeconds / 10, MaxDefaultRetrySeconds));

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

    /// <summary>The id's last 4 hex digits: TTL in minutes, odd for at-least-once, even for at-most-once.</summary>
    public static ushort TtlSuffix(int ttlSeconds, int retrySeconds)
    {
        var minutes = Math.Min(ttlSeconds / 60, ushort.MaxValue);
        return (ushort)(retrySeconds > 0 ? minutes | 1 : minutes & ~1);
    }
}
