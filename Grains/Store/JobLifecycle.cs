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
/// Ours, beyond Disque (a job's <see cref="JobExtras"/>): a failed delivery may wait a
/// back-off before it is queued again (<see cref="Deferred"/>), and a job out of deliveries
/// or failed for good becomes a dead letter (<see cref="DeadLettered"/>: active, queued in
/// its dead-letter queue once its copies know), which REVIVE takes back (<see cref="Revived"/>).
/// A record's extras change only while it is queued nowhere (its priority orders its queue).
/// </summary>
internal static class JobLifecycle
{
    /// <summary>ADDJOB's copies exist: queued now, or active until its DELAY ends.</summary>
    public static bool Accepted(JobRecord record, long nowMs)
    {
        if (record.State != JobState.WaitRepl)
            return false;
        if (record.Extras?.IsWaiting == true)
        {
            // Ours (AFTER): queued nowhere, by no timer, until the jobs it waits for end (DependenciesDone).
            record.State = JobState.Active;
            record.QueueAtMs = 0;
        }
        else if (record.DelaySeconds > 0)
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
        record.BackoffMs = 0;
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
        Settled(record);
        record.QueueAtMs = JobRules.AfterSeconds(nowMs, Math.Max(1, record.RetrySeconds));
    }

    /// <summary>
    /// The job leaves its queue for a consumer: active, delivered, under a new tag (<see cref="QueuedJob.DeliveryTag"/>).
    /// A job with a back-off comes back that much after its RETRY, should this delivery fail
    /// (<paramref name="jitter"/> in [0, 1) places the wait, see <see cref="Backoff.DelayMs"/>).
    /// </summary>
    public static bool Delivered(JobRecord record, long tag, double jitter = 0)
    {
        if (record.State != JobState.Queued)
            return false;
        record.State = JobState.Active;
        record.Delivered = true;
        record.DeliveryTag = tag;
        record.Deliveries++;
        record.BackoffMs = 0;
        if (record.Extras is { HasFailurePolicy: true, Backoff: { } backoff } && record.QueueAtMs != 0)
        {
            record.BackoffMs = backoff.DelayMs(record.Deliveries, jitter);
            record.QueueAtMs = Math.Min(record.QueueAtMs + record.BackoffMs, JobRules.NeverMs);
        }
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
        record.Deliveries--;
        record.QueueAtMs -= record.BackoffMs; // that delivery did not fail: no back-off for it
        record.BackoffMs = 0;
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
        {
            record.QueueAtMs = JobTimes.NextRetry(record, nowMs);
            record.BackoffMs = 0;
        }
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
        Settled(record);
        record.WasQueued |= record.DelayEndMs <= nowMs;
        var earliest = cause == Takeover.OwnerDied ? JobTimes.NextRetry(record, nowMs) : nowMs;
        record.QueueAtMs = record.IsAtMostOnce && record.WasQueued || record.Extras?.IsWaiting == true ? 0 : Math.Max(record.DelayEndMs, earliest);
        return true;
    }

    /// <summary>
    /// Ours (AFTER): some of the jobs this one waits for ended; it waits for <paramref name="left"/> only
    /// (none: it waits no more, and the caller queues it once its copies know, or at the end of its DELAY).
    /// </summary>
    public static bool DependenciesLeft(JobRecord record, JobId[] left, long nowMs)
    {
        if (record.State != JobState.Active || record.Extras is not { IsWaiting: true } extras || record.Moving)
            return false;
        record.Extras = extras with { After = left.Length == 0 ? null : left };
        if (left.Length == 0 && record.DelayEndMs > nowMs)
            record.QueueAtMs = record.DelayEndMs;
        return true;
    }

    /// <summary>
    /// A delivery failed (a NACK or NACKJOB, <paramref name="nack"/>; RETRY passing, not): the
    /// reason, when there is one or the job keeps a failure policy, goes into its history.
    /// </summary>
    public static void Failed(JobRecord record, string? reason, long nowMs, bool nack)
    {
        if (reason is null && record.Extras is not { HasFailurePolicy: true })
            return;
        record.Extras = (record.Extras ?? new JobExtras()) with { LastFailure = reason ?? (nack ? "nack" : "timeout"), LastFailureAtMs = nowMs };
    }

    /// <summary>True when the job's failure policy says it had its last delivery.</summary>
    public static bool OutOfDeliveries(JobRecord record) =>
        record.Extras is { HasFailurePolicy: true, MaxDeliveries: > 0 } extras && record.Deliveries >= extras.MaxDeliveries;

    /// <summary>
    /// A NACK that queues the job later (NACKJOB's DELAY, or its back-off): the nack counts now,
    /// the job stays active until <paramref name="queueAtMs"/>, and that queueing counts as no
    /// additional delivery (as a NACK's own queueing does not).
    /// </summary>
    public static bool Deferred(JobRecord record, long queueAtMs)
    {
        if (record.State != JobState.Active || record.RetrySeconds == 0)
            return false;
        record.Nacks++;
        record.WasQueued = false;
        record.QueueAtMs = queueAtMs;
        Settled(record);
        return true;
    }

    /// <summary>
    /// The job fails for good (FAILJOB) or ran out of deliveries: it moves to <paramref name="deadLetterQueue"/>
    /// (refused for an at-most-once job once queued or delivered, which is never queued again),
    /// keeping its id, body and history, its policy resting (<see cref="JobExtras.HasFailurePolicy"/>).
    /// It stays active, queued nowhere, until its copies know (the caller queues it then, see
    /// <see cref="Queued"/>) or <see cref="MoveFallbackMs"/> passed (its owner's timer queues it
    /// then, whoever owns it by then): that first queueing there counts as no additional delivery.
    /// The caller took it out of its queue first.
    /// </summary>
    public static bool DeadLettered(JobRecord record, string deadLetterQueue, string deadReason, string? failure, long nowMs)
    {
        if (!MayBeDeadLettered(record))
            return false;
        var extras = record.Extras ?? new JobExtras();
        record.Extras = extras with
        {
            DeadFrom = record.Queue,
            DeadReason = deadReason,
            LastFailure = failure ?? extras.LastFailure,
            LastFailureAtMs = failure is null && extras.LastFailureAtMs != 0 ? extras.LastFailureAtMs : nowMs,
        };
        record.Queue = deadLetterQueue;
        Moved(record, nowMs);
        return true;
    }

    /// <summary>How long after a move to or from a dead-letter queue the job is queued by its owner's timer, should the move not queue it first.</summary>
    public const long MoveFallbackMs = 10_000;

    /// <summary>A move to or from a dead-letter queue: active until its copies know, its next delivery a first one.</summary>
    private static void Moved(JobRecord record, long nowMs)
    {
        record.State = JobState.Active;
        record.WasQueued = false;
        record.QueueAtMs = nowMs + MoveFallbackMs;
        Settled(record);
    }

    /// <summary>
    /// The job moved on from its last delivery (queued again later, moved, taken over): that delivery
    /// can no longer be given back (<see cref="Undelivered"/> names its tag), and its back-off is spent.
    /// </summary>
    private static void Settled(JobRecord record)
    {
        record.DeliveryTag = 0;
        record.BackoffMs = 0;
    }

    /// <summary>
    /// REVIVE: a dead letter goes back to the queue it came from with its history reset (counters,
    /// failures), its policy awake again; active and queued nowhere until its copies know, as above.
    /// </summary>
    public static bool Revived(JobRecord record, long nowMs)
    {
        if (!MayBeRevived(record) || record.Extras is not { DeadFrom: { } from } extras)
            return false;
        record.Queue = from;
        record.Extras = extras with { DeadFrom = null, DeadReason = null, LastFailure = null, LastFailureAtMs = 0 };
        record.Nacks = record.AdditionalDeliveries = record.Deliveries = 0;
        Moved(record, nowMs);
        return true;
    }

    /// <summary>
    /// Whether <see cref="DeadLettered"/> would move the job: not acked, not a dead letter already, not
    /// being handed over, and not an at-most-once job once queued or delivered (never queued again, as
    /// NACK's rule says, <see cref="JobTimes.MayQueueAgain"/>). The store asks before it takes the job out of its queue.
    /// </summary>
    public static bool MayBeDeadLettered(JobRecord record) =>
        record.State is not (JobState.Acked or JobState.WaitRepl) && record.Extras?.IsDeadLetter != true && !record.Moving && !(record.IsAtMostOnce && (record.WasQueued || record.Delivered));

    /// <summary>Whether <see cref="Revived"/> would move the job: a dead letter, not acked, not being handed over.</summary>
    public static bool MayBeRevived(JobRecord record) =>
        record.State != JobState.Acked && record.Extras?.IsDeadLetter == true && !record.Moving;

    /// <summary>NACK or ENQUEUE on the job's owner: it acts as owner from now on (it may have taken the job over at this moment).</summary>
    public static void Owning(JobRecord record) => record.Owned = true;

    /// <summary>A hand-off starts moving the job: it is queued nowhere here until the move is decided.</summary>
    public static void MoveStarted(JobRecord record) => record.Moving = true;

    public static void MoveEnded(JobRecord record) => record.Moving = false;
}
