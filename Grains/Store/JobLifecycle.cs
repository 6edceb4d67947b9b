using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// A job's life, as its copy in a store goes through it: the one place where a record's
/// state changes. Every path of the store (ADDJOB, GETJOB, RETRY, NACK, ENQUEUE, DEQUEUE,
/// WORKING, ACK, a hand-off, a takeover, recovery) goes through these transitions, and
/// each checks where the job stands before it moves it, so a call that resumes after an
/// await cannot move a job from a state it is no longer in.
/// <code>
///   WaitRepl ──Accepted──▶ Queued ◀──Queued (RETRY, NACK, ENQUEUE, end of DELAY)──┐
///      │                    │  ▲                                                    │
///      │ Accepted (DELAY)   │  └──Undelivered (that delivery's give-back)──┐        │
///      ▼                    ▼                                              │        │
///    Active ◀──Delivered─── Queued      Dequeued: Queued ─▶ Active         │        │
///      └────────────────────────────────────────────────────────────────────┴────────┘
///   any state but Acked ──Acked──▶ Acked (final: never queued, delivered or adopted again)
///   any state but Acked ──Adopted (the owner died, or recovery)──▶ Active, owned here
/// </code>
/// A job TTL ends is dropped from its store, whatever its state. A job being handed over
/// (<see cref="MoveStarted"/>) is queued nowhere until its move is decided.
/// </summary>
internal static class JobLifecycle
{
    /// <summary>ADDJOB's copies exist: queued now, or active until its DELAY ends.</summary>
    public static bool Accepted(JobRecord record, long nowMs)
    {
        if (record.State != JobState.WaitRepl)
            return false;
        if (record.DelaySeconds > 0)
        {
            record.State = JobState.Active;
            record.QueueAtMs = JobRules.AfterSeconds(nowMs, record.DelaySeconds);
        }
        else
            Queued(record, nowMs, nack: false);
        return true;
    }

    /// <summary>
    /// The job goes into its queue (first time, RETRY, end of DELAY, NACK or ENQUEUE):
    /// a NACK counts a nack; any other queueing after the first, an additional delivery
    /// (as Disque counts them: a NACK does not make the next queueing count).
    /// </summary>
    public static bool Queued(JobRecord record, long nowMs, bool nack)
    {
        if (record.State is not (JobState.Active or JobState.WaitRepl))
            return false;
        if (nack)
            record.Nacks++;
        else if (record.WasQueued)
            record.AdditionalDeliveries++;
        else
            record.WasQueued = true;
        record.State = JobState.Queued;
        record.QueueAtMs = JobTimes.NextRetry(record, nowMs);
        return true;
    }

    /// <summary>A queueing its queue refused (paused IN): the counters go back and the job waits one more RETRY.</summary>
    public static void QueueingRefused(JobRecord record, long nowMs, bool wasQueued)
    {
        if (record.State != JobState.Queued)
            return;
        if (wasQueued)
            record.AdditionalDeliveries--;
        record.WasQueued = wasQueued;
        record.State = JobState.Active;
        record.QueueAtMs = JobRules.AfterSeconds(nowMs, Math.Max(1, record.RetrySeconds));
    }

    /// <summary>The job leaves its queue for a consumer: active, delivered, under a new tag (<see cref="QueuedJob.DeliveryTag"/>).</summary>
    public static bool Delivered(JobRecord record, long tag)
    {
        if (record.State != JobState.Queued)
            return false;
        record.State = JobState.Active;
        record.Delivered = true;
        record.DeliveryTag = tag;
        return true;
    }

    /// <summary>
    /// The delivery named by <paramref name="tag"/> never reached a consumer: the job is queued
    /// again as it was, not delivered after all. Refused once the job moved on since (queued
    /// again, handed out again, acknowledged), or when this store does not own it.
    /// </summary>
    public static bool Undelivered(JobRecord record, long tag)
    {
        if (record.State != JobState.Active || !record.Owned || record.DeliveryTag != tag)
            return false;
        record.Delivered = false;
        record.State = JobState.Queued;
        return true;
    }

    /// <summary>DEQUEUE: a queued job leaves its queue and waits for its next RETRY, active.</summary>
    public static bool Dequeued(JobRecord record)
    {
        if (record.State != JobState.Queued)
            return false;
        record.State = JobState.Active;
        return true;
    }

    /// <summary>The job's moment came while it is still queued: its next requeue moves on by RETRY.</summary>
    public static void StillQueued(JobRecord record, long nowMs)
    {
        if (record.State == JobState.Queued)
            record.QueueAtMs = JobTimes.NextRetry(record, nowMs);
    }

    /// <summary>An at-most-once job that was delivered: it is never queued again (it waits for its TTL).</summary>
    public static void Spent(JobRecord record)
    {
        if (record.IsAtMostOnce && record.Delivered)
            record.QueueAtMs = 0;
    }

    /// <summary>WORKING: the next requeue is RETRY from now (a job queued is taken out of its queue by the caller).</summary>
    public static void Postponed(JobRecord record, long nowMs)
    {
        if (record.State != JobState.Acked && record.RetrySeconds > 0 && record.QueueAtMs != 0)
            record.QueueAtMs = JobTimes.NextRetry(record, nowMs);
    }

    /// <summary>ACKJOB, DELJOB, FASTACK, or an owner's Forget: final. True the first time (the one that counts).</summary>
    public static bool Acked(JobRecord record)
    {
        if (record.State == JobState.Acked)
            return false;
        record.State = JobState.Acked;
        return true;
    }

    /// <summary>
    /// Takes a job over from an owner that is gone. What the old owner did with it is
    /// unknown, so it counts as delivered (active) and is queued again at the moment
    /// <paramref name="cause"/> allows, never before its DELAY ends. Past its DELAY it
    /// was most likely queued already: the next queueing is an additional delivery, and
    /// an at-most-once job is then never queued again. An acknowledged job (its ACK still
    /// reaching the other copies) is never taken over: false, and the record is left as it is.
    /// </summary>
    public static bool Adopted(JobRecord record, long nowMs, Takeover cause)
    {
        if (record.State == JobState.Acked)
            return false;
        record.Owned = true;
        record.State = JobState.Active;
        record.WasQueued |= record.DelayEndMs <= nowMs;
        var earliest = cause == Takeover.OwnerDied ? JobTimes.NextRetry(record, nowMs) : nowMs;
        record.QueueAtMs = record.IsAtMostOnce && record.WasQueued ? 0 : Math.Max(record.DelayEndMs, earliest);
        return true;
    }

    /// <summary>NACK or ENQUEUE on the job's owner: it acts as owner from now on (it may have taken the job over at this moment).</summary>
    public static void Owning(JobRecord record) => record.Owned = true;

    /// <summary>A hand-off starts moving the job: it is queued nowhere here until the move is decided.</summary>
    public static void MoveStarted(JobRecord record) => record.Moving = true;

    public static void MoveEnded(JobRecord record) => record.Moving = false;
}
