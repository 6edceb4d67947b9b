namespace Disque;

/// <summary>
/// Ours (issue 21): how a job's life ended, as WAITJOB tells it: acked (ACKJOB, FASTACK), deleted
/// (DELJOB, DEBUG FLUSHALL), expired (its TTL), dead-lettered (failed for good; REVIVE may bring it
/// back), still pending when the wait ran out, or unknown to every living silo.
/// </summary>
[GenerateSerializer]
public enum JobEnd : byte
{
    Pending = 0,
    Acked = 1,
    Deleted = 2,
    Expired = 3,
    DeadLettered = 4,
    Unknown = 5,
}

/// <summary>ONFAIL: what a job waiting on others (AFTER) does when one of them fails (dead-lettered, expired, deleted).</summary>
[GenerateSerializer]
public enum OnFail : byte
{
    /// <summary>The waiting job is deleted, never queued (the default).</summary>
    Cancel = 0,

    /// <summary>The waiting job is queued anyway, once every other job it waits for ended.</summary>
    Queue = 1,
}

public static class JobEnds
{
    /// <summary>The word WAITJOB answers.</summary>
    public static string Name(this JobEnd end) => end switch
    {
        JobEnd.Acked => "acked",
        JobEnd.Deleted => "deleted",
        JobEnd.Expired => "expired",
        JobEnd.DeadLettered => "dead",
        JobEnd.Unknown => "unknown",
        _ => "pending",
    };

    /// <summary>The job's life is over as far as a wait is concerned (pending and unknown are not).</summary>
    public static bool IsFinal(this JobEnd end) => end is JobEnd.Acked or JobEnd.Deleted or JobEnd.Expired or JobEnd.DeadLettered;

    /// <summary>The longest UNIQUE key, in bytes (UTF-8): it names a grain.</summary>
    public const int MaxUniqueKeyBytes = 256;

    /// <summary>The longest UNIQUEFOR, in seconds (30 days).</summary>
    public const long MaxUniqueForSeconds = 30L * 86400;

    /// <summary>The most jobs one AFTER names, and one BATCH.</summary>
    public const int MaxAfter = 1000;
}
