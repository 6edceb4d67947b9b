namespace Disque.Client;

/// <summary>
/// Disque.Orleans' ADDJOB <c>BACKOFF base cap</c>: after its n-th failed delivery a job waits
/// min(cap, base × 2^(n-1)), less a random part of up to half (jitter), before it is queued
/// again. Whole seconds: a fraction rounds up. Real Disque refuses the option.
/// </summary>
public readonly record struct JobBackoff(TimeSpan Base, TimeSpan Cap)
{
    /// <summary>The longest base or cap the server takes: a year.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    internal long BaseSeconds => AddJobOptions.Seconds(Base) ?? 0;

    internal long CapSeconds => AddJobOptions.Seconds(Cap) ?? 0;
}
