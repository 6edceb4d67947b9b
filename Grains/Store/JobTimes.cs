using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// Disque's clock rules for one job, as its owner applies them: when it is queued
/// again, and when NACK, ENQUEUE and WORKING may still move it. The moves themselves
/// are <see cref="JobLifecycle"/>'s.
/// A job is queued first when ADDJOB accepts it or its DELAY ends; RETRY seconds
/// after each queueing the owner queues it again unless it was acknowledged (and
/// pushes the time while it is still queued); an at-most-once job (RETRY 0) that
/// was delivered is never queued again.
/// </summary>
internal static class JobTimes
{
    /// <summary>The next time the job is to be queued again after <paramref name="nowMs"/>: RETRY later, or never for RETRY 0.</summary>
    public static long NextRetry(JobRecord record, long nowMs) => record.RetrySeconds > 0 ? JobRules.AfterSeconds(nowMs, record.RetrySeconds) : 0;

    /// <summary>NACK and ENQUEUE queue an active job; an at-most-once job only if it was never queued nor delivered.</summary>
    public static bool MayQueueAgain(JobRecord record) =>
        record.State == JobState.Active && !(record.IsAtMostOnce && (record.WasQueued || record.Delivered));

    /// <summary>WORKING: refused once half the job's TTL has passed, so a worker cannot keep a job for its whole life.</summary>
    public static bool MayPostpone(JobRecord record, long nowMs)
    {
        var lifetime = record.ExpireAtMs - record.CTimeMs;
        return lifetime <= 0 || nowMs - record.CTimeMs <= lifetime / 2;
    }
}
