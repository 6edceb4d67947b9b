namespace Disque.Client;

/// <summary>
/// Ours, beyond Disque (WAITJOB): how a job's life ended. <see cref="Pending"/>: not yet when the wait
/// ran out; <see cref="Unknown"/>: no node holds it nor remembers it (gone long ago, or never made);
/// <see cref="DeadLettered"/>: failed for good, in its dead-letter queue (REVIVE may bring it back).
/// </summary>
public enum JobOutcome
{
    Pending,
    Acked,
    Deleted,
    Expired,
    DeadLettered,
    Unknown,
}

/// <summary>ADDJOB's ONFAIL: what a job added with <see cref="AddJobOptions.After"/> does when one of those jobs fails.</summary>
public enum DependencyFailure
{
    /// <summary>The job is deleted, never queued (the server's default).</summary>
    Cancel,

    /// <summary>The job is queued anyway once every job it waits for ended.</summary>
    Queue,
}

public static class JobOutcomes
{
    /// <summary>The outcome named by WAITJOB's word.</summary>
    public static JobOutcome Parse(string word) => word switch
    {
        "acked" => JobOutcome.Acked,
        "deleted" => JobOutcome.Deleted,
        "expired" => JobOutcome.Expired,
        "dead" => JobOutcome.DeadLettered,
        "unknown" => JobOutcome.Unknown,
        _ => JobOutcome.Pending,
    };
}
