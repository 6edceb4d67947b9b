using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// Disque's clock rules for one job, as its owner applies them: when it is queued
/// (again), what each queueing counts, and when WORKING may still postpone it.
/// A job is queued first when ADDJOB accepts it or its DELAY ends; RETRY seconds
/// after each queueing the owner queues it again unless it was acknowledged (and
/// pushes the time while it is still queued); an at-most-once job (RETRY 0) that
/// was delivered is never queued again.
/// </summary>
internal static class JobTimes
{
    /// <summary>The next time the job is to be queued again after <paramref name="nowMs"/>: RETRY later, or never for RETRY 0.</summary>
    public static long NextRetry(JobRecord record, long nowMs) => record.RetrySeconds > 0 ? JobRules.AfterSeconds(nowMs, record.RetrySeconds) : 0;

    /// <summary>ADDJOB accepted the job: queued now, or active until its DELAY ends.</summary>
    public static void Accepted(JobRecord record, long nowMs)
    {
        if (record.DelaySeconds > 0)
        {
            record.State = JobState.Active;
            record.QueueAtMs = JobRules.AfterSeconds(nowMs, record.DelaySeconds);
        }
        else
            Queued(record, nowMs, nack: false);
    }

    /// <summary>
    /// The job goes into its queue (first time, RETRY, end of DELAY, NACK or ENQUEUE):
    /// a NACK counts a nack; any other queueing after the first, an additional delivery
    /// (as Disque counts them: a NACK does not make the next queueing count).
    /// </summary>
    public static void Queued(JobRecord record, long nowMs, bool nack)
    {
        if (nack)
            record.Nacks++;
        else if (record.WasQueued)
            record.AdditionalDeliveries++;
        else
            record.WasQueued = true;
        record.State = JobState.Queued;
        record.QueueAtMs = NextRetry(record, nowMs);
    }

    /// <summary>A queueing its queue refused (paused IN): the counters go back and the job waits one more RETRY.</summary>
    public static void QueueingRefused(JobRecord record, long nowMs, bool wasQueued)
    {
        if (wasQueued)
            record.AdditionalDeliveries--;
        record.WasQueued = wasQueued;
        record.State = JobState.Active;
        record.QueueAtMs = JobRules.AfterSeconds(nowMs, Math.Max(1, record.RetrySeconds));
    }

    /// <summary>NACK and ENQUEUE queue an active job; an at-most-once job only if it was never queued nor delivered.</summary>
    public static bool MayQueueAgain(JobRecord record) =>
        record.State == JobState.Active && !(record.IsAtMostOnce && (record.WasQueued || record.Delivered));

    /// <summary>The job's moment came while it is still queued: its next requeue moves on by RETRY.</summary>
    public static void StillQueued(JobRecord record, long nowMs) => record.QueueAtMs = NextRetry(record, nowMs);

    /// <summary>WORKING: refused once half the job's TTL has passed, so a worker cannot keep a job for its whole life.</summary>
    public static bool MayPostpone(JobRecord record, long nowMs)
    {
        var lifetime = record.ExpireAtMs - record.CTimeMs;
        return lifetime <= 0 || nowMs - record.CTimeMs <= lifetime / 2;
    }

    /// <summary>WORKING: the next requeue is RETRY from now (a job queued is taken out of its queue by the caller).</summary>
    public static void Postponed(JobRecord record, long nowMs)
    {
        if (record.RetrySeconds > 0 && record.QueueAtMs != 0)
            record.QueueAtMs = NextRetry(record, nowMs);
    }
}
