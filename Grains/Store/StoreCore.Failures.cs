using Disque.Cluster;
using Disque.Domain;

namespace Disque.Store;

/// <summary>
/// Ours, beyond Disque: a job's failure policy, as its owner applies it. A failed delivery
/// (NACK, NACKJOB, RETRY passing without an ACK) is queued again at once (Disque's rule),
/// after NACKJOB's DELAY, or after the job's back-off; a job out of deliveries, or failed
/// for good (FAILJOB), becomes a dead letter in its dead-letter queue, and REVIVE takes it
/// back to the queue it came from. A job's move to or from its dead-letter queue reaches
/// its other copies (and the journal) before it is queued there, so a silo that takes it
/// over after a failure queues it where it now belongs.
/// </summary>
internal sealed partial class StoreCore
{
    /// <summary>NACKJOB (a later queueing, a reason) or FAILJOB (<see cref="JobVerdict.ForGood"/>); how many jobs it moved, and the ids this store does not own.</summary>
    public Task<Counted> Verdict(JobId[] ids, JobVerdict verdict)
    {
        var now = clock.NowMs;
        return OnOwned(ids, record =>
        {
            JobLifecycle.Owning(record);
            return verdict.ForGood
                ? DeadLetter(record, DeadLetters.FailedReason, verdict.Reason ?? DeadLetters.FailedReason, now)
                : JobTimes.MayQueueAgain(record) && Nacked(record, verdict.Reason, verdict.DelaySeconds, now);
        });
    }

    /// <summary>
    /// A NACK on an active job this store owns: to its dead-letter queue when it had its last delivery,
    /// else queued again after <paramref name="delaySeconds"/> or its back-off, else now (Disque's NACK).
    /// </summary>
    private bool Nacked(JobRecord record, string? reason, long delaySeconds, long now)
    {
        JobLifecycle.Failed(record, reason, now, nack: true);
        if (JobLifecycle.OutOfDeliveries(record))
            return DeadLetter(record, DeadLetters.MaxDeliveriesReason, failure: null, now);
        var waitMs = delaySeconds > 0 ? JobRules.AfterSeconds(now, delaySeconds) - now
            : record.Extras is { HasFailurePolicy: true, Backoff: { } backoff } ? backoff.DelayMs(Math.Max(1, record.Deliveries), Jitter()) : 0;
        if (waitMs > 0 && JobLifecycle.Deferred(record, Math.Min(now + waitMs, JobRules.NeverMs)))
        {
            Observer?.Requeued(record); // a consumer's word moved its next queueing
            EndInGroup(record);
            Reschedule(record);
            return true;
        }
        if (!JobLifecycle.Queued(record, now, nack: true))
            return false;
        BackInQueue(record, now, counted: true);
        return true;
    }

    /// <summary>
    /// RETRY passed on a delivered job with a failure policy: false when it is to be queued again as
    /// usual; true when it had its last delivery and went to its dead-letter queue instead.
    /// </summary>
    private bool TimedOutForGood(JobRecord record, long now)
    {
        if (record.Extras is not { HasFailurePolicy: true } || !record.Delivered || !record.WasQueued)
            return false;
        JobLifecycle.Failed(record, reason: null, now, nack: false);
        return JobLifecycle.OutOfDeliveries(record) && DeadLetter(record, DeadLetters.MaxDeliveriesReason, failure: null, now);
    }

    /// <summary>The job becomes a dead letter; it is queued in its dead-letter queue once its other copies know.</summary>
    private bool DeadLetter(JobRecord record, string deadReason, string? failure, long now)
    {
        // Asked first: a job that stays where it is (a repeated FAILJOB) must stay in its queue too.
        if (!JobLifecycle.MayBeDeadLettered(record))
            return false;
        var deadLetterQueue = record.Extras?.DeadLetterOf(record.Queue) ?? DeadLetters.DefaultQueue(record.Queue);
        Unqueue(record);
        JobLifecycle.DeadLettered(record, deadLetterQueue, deadReason, failure, now);
        Reschedule(record);
        TellWatches(record.Id, JobEnd.DeadLettered);
        metrics.JobsDeadLettered(1);
        log.LogInformation("Job {Job} is a dead letter in {Queue} ({Reason})", record.Id, deadLetterQueue, deadReason);
        _ = Quietly(QueueWhenCopiesKnow(record, record.QueueAtMs), $"moving job {record.Id} to its dead-letter queue");
        return true;
    }

    /// <summary>REVIVE: dead letters this store owns go back to the queues they came from; how many, and the ids it does not own.</summary>
    public Task<Counted> Revive(JobId[] ids) => OnOwned(ids, Revive);

    /// <summary>REVIVE QUEUE: every dead letter this store owns in <paramref name="deadLetterQueue"/>; how many.</summary>
    public Task<int> ReviveQueue(string deadLetterQueue)
    {
        var revived = 0;
        foreach (var record in _jobs.All().ToList())
            if (record.Queue == deadLetterQueue && record.Extras?.IsDeadLetter == true && IsOwner(record) && Revive(record))
                revived++;
        return Task.FromResult(revived);
    }

    private bool Revive(JobRecord record)
    {
        if (!JobLifecycle.MayBeRevived(record))
            return false;
        JobLifecycle.Owning(record);
        Unqueue(record);
        JobLifecycle.Revived(record, clock.NowMs);
        Reschedule(record);
        _ = Quietly(QueueWhenCopiesKnow(record, record.QueueAtMs), $"reviving job {record.Id}");
        return true;
    }

    /// <summary>How long a move to or from a dead-letter queue waits for the other copies and the journal before the job is queued anyway.</summary>
    private static readonly TimeSpan CopiesKnowWithin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The job's other copies and its journal entry learn its new queue and history, then it is
    /// queued there, unless it moved on meanwhile (acked, deleted, expired, handed over). Bounded:
    /// past <see cref="CopiesKnowWithin"/>, or when a holder or the journal fails, it is queued
    /// anyway (logged): a copy that did not hear may, should this silo die, queue it where it
    /// was (at least once), while a job never queued would wait for its TTL.
    /// </summary>
    /// <param name="pendingAt">The job's queue time while this move is pending: another move, or its owner's timer, changed it if it differs.</param>
    private async Task QueueWhenCopiesKnow(JobRecord record, long pendingAt)
    {
        await CopiesKnow(record);
        var now = clock.NowMs;
        if (!IsCurrent(record) || record.Moving || record.QueueAtMs != pendingAt || !JobLifecycle.Queued(record, now, nack: false))
            return;
        BackInQueue(record, now, counted: false);
    }

    /// <summary>The job's other copies and its journal entry learn what it is now (its queue, its extras).</summary>
    private async Task CopiesKnow(JobRecord record)
    {
        var copy = new[] { record.ToCopy() with { FromOwner = true } };
        var others = record.Nodes.Where(s => !s.Equals(Self)).ToArray();
        var told = Task.WhenAll(others.Select(silo => cluster.UntilAnsweredOrDead(silo, store => store.Replicate(copy, Self), static () => Task.FromResult<JobId[]>([]))));
        record.Track(told);
        try
        {
            await told.WaitAsync(CopiesKnowWithin, cluster.Time);
            if (journal.IsDurable)
                await journal.Update(copy).WaitAsync(CopiesKnowWithin, cluster.Time); // never recreates an entry an ACK deleted meanwhile
        }
        catch (Exception error)
        {
            log.LogWarning(error, "Job {Job} goes on before all its copies and the journal know what it is now (queue {Queue}): should this silo die, a copy may act on what it knew (at least once)", record.Id, record.Queue);
        }
    }

    /// <summary>Where in [d/2, d] a back-off lands: random, from the store's source of randomness (seeded in the simulation).</summary>
    private double Jitter()
    {
        Span<byte> bytes = stackalloc byte[4];
        if (randomBytes is null)
            Random.Shared.NextBytes(bytes);
        else
            randomBytes(bytes);
        return BitConverter.ToUInt32(bytes) / (uint.MaxValue + 1.0);
    }
}
