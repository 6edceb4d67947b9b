using Disque.Store;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// What the simulated clients were promised and what the stores did, in virtual time, and
/// Disque's promises checked against it. The stores report their decisions as they make them
/// (<see cref="IJobObserver"/>: accepted, handed out, given back, queued again on a NACK); the
/// gateways report the ACKs sent and those answered as counting the job. Checked:
/// - an acknowledged job is never handed out again after its ACK returned;
/// - a job is not handed out again before the moment its owner set, when it handed it out, to
///   queue it again (RETRY after it was last queued, as Disque counts it), unless that delivery
///   was given back (a give-back names the delivery it undoes, by silo and tag: one naming an
///   older delivery undoes nothing), a NACK queued it since (a client's repeated NACK requeues it
///   again, as in Disque), or recovery read it from the journal since;
/// - a delivery a GETJOB answered a consumer with is never given back (queued again as undelivered),
///   nor answered to a second GETJOB;
/// - an at-most-once job (RETRY 0) is handed out at most once;
/// - a GETJOB answers by its TIMEOUT (NOHANG: at once), give or take <see cref="AnswerSlack"/>,
///   unless its own silo was paused or crashed meanwhile;
/// - at the end, no job (RETRY > 0) is lost while a copy survives (<see cref="LostJobs"/>).
/// A broken promise is kept as a violation; the simulation's invariant throws the first.
/// </summary>
internal sealed class Ledger(SimLoop loop)
{
    /// <summary>How late a GETJOB may answer past its TIMEOUT: the store's tick (100 ms), a network hop, a turn.</summary>
    public static readonly TimeSpan AnswerSlack = TimeSpan.FromSeconds(1.5);

    /// <summary>A store keeps its times in whole milliseconds; virtual time is finer.</summary>
    private static readonly TimeSpan Rounding = TimeSpan.FromMilliseconds(1);

    private readonly Dictionary<JobId, Promise> _jobs = [];
    private readonly Dictionary<long, PendingGet> _pending = [];
    private long _nextCall;

    public List<string> Violations { get; } = [];

    public IReadOnlyDictionary<JobId, Promise> Jobs => _jobs;

    /// <summary>When recovery read a job from the journal (it may have taken it over from holders all gone).</summary>
    public Func<JobId, TimeSpan?> RecoveredAt { get; set; } = _ => null;

    public sealed class Promise(long retrySeconds, long ttlSeconds, TimeSpan acceptedAt, IReadOnlyCollection<SimAddress> holders, bool promised = true)
    {
        /// <summary>ADDJOB accepted it; false for a job first seen handed out, whose ADDJOB never answered: nobody was promised it.</summary>
        public bool Promised { get; } = promised;

        public long RetrySeconds { get; } = retrySeconds;
        public TimeSpan AcceptedAt { get; } = acceptedAt;
        public TimeSpan ExpiresAt { get; } = acceptedAt + TimeSpan.FromSeconds(ttlSeconds);
        public IReadOnlyCollection<SimAddress> Holders { get; } = holders;
        public TimeSpan? AckedAt { get; set; }

        /// <summary>A consumer sent an ACK: whether or not its answer came back, the job may be gone.</summary>
        public bool AckSent { get; set; }
        public TimeSpan? LastDelivery { get; set; }
        public TimeSpan? RequeueAt { get; set; }

        /// <summary>When RETRY alone (Disque's promise, without the back-off the owner added) queues it again: what a silo that takes it over keeps to.</summary>
        public TimeSpan? RetryAt { get; set; }

        /// <summary>The silo that handed it out last.</summary>
        public SimAddress? DeliveredBy { get; set; }

        /// <summary>That silo's number for its last delivery (<see cref="QueuedJob.DeliveryTag"/>): only a give-back naming it undoes it.</summary>
        public long DeliveryTag { get; set; }

        /// <summary>Every delivery of it, by silo and tag, and whether a GETJOB answered a consumer with it.</summary>
        public Dictionary<(SimAddress By, long Tag), bool> Handouts { get; } = [];
        public TimeSpan? LastNack { get; set; }
        public int Deliveries { get; set; }
        public bool AtMostOnce => RetrySeconds == 0;
    }

    private sealed record PendingGet(SimNode Silo, int PauseEpisode, TimeSpan Deadline, string What);

    /// <summary>What the store of <paramref name="silo"/> decides, as it decides it.</summary>
    public IJobObserver For(SimNode silo, SiloNames names) => new Observer(this, silo, names);

    private sealed class Observer(Ledger ledger, SimNode silo, SiloNames names) : IJobObserver
    {
        public void Accepted(JobRecord record) => ledger.Accepted(record, silo, [.. record.Nodes.Select(names.Address)]);

        public void Delivered(JobRecord record, long retryAtMs) => ledger.Delivered(record, silo, retryAtMs);

        public void Undelivered(JobRecord record, long tag) => ledger.Undelivered(record, tag, silo);

        public void Requeued(JobRecord record) => ledger.Requeued(record, silo);
    }

    private void Accepted(JobRecord record, SimNode silo, SimAddress[] holders)
    {
        loop.Trace($"{silo.Address} accepted {record.Id} RETRY {record.RetrySeconds} on {string.Join(",", holders)}");
        _jobs[record.Id] = new Promise(record.RetrySeconds, record.TtlSeconds, loop.Now, holders);
    }

    /// <summary>A store's moment in the loop's time; null for 0 (never).</summary>
    private TimeSpan? At(long storeMs, SimNode silo) =>
        storeMs > 0 ? loop.Now + TimeSpan.FromMilliseconds(storeMs - silo.Time.GetUtcNow().ToUnixTimeMilliseconds()) : null;

    private void Delivered(JobRecord record, SimNode silo, long retryAtMs)
    {
        var now = loop.Now;
        var id = record.Id;
        loop.Trace($"{silo.Address} hands out {id} (tag {record.DeliveryTag})");
        // A job whose ADDJOB never answered (its silo crashed once copies, or the journal entry, were
        // made) lives on, as in Disque: a surviving copy took it over, or recovery brought it back.
        if (!_jobs.TryGetValue(id, out var job))
            _jobs[id] = job = new Promise(record.RetrySeconds, record.TtlSeconds, loop.Now, [silo.Address], promised: false);
        if (job.AckedAt is { } acked)
            Violate($"{silo.Address} handed out {id} at {now.TotalSeconds:0.000} s, after its ACK returned at {acked.TotalSeconds:0.000} s");
        if (job.AtMostOnce && job.Deliveries > 0)
            Violate($"{silo.Address} handed out the at-most-once job {id} a second time");
        // The owner keeps to the moment it set (with any back-off); a silo that took the job over, to RETRY.
        var held = silo.Address.Equals(job.DeliveredBy) ? job.RequeueAt : job.RetryAt;
        if (job.LastDelivery is { } last && held is { } due && now < due - Rounding && !(job.LastNack >= last) && !(RecoveredAt(id) >= last))
            Violate($"{silo.Address} handed out {id} at {now.TotalSeconds:0.000} s, while the delivery at {last.TotalSeconds:0.000} s holds it until {due.TotalSeconds:0.000} s (RETRY {job.RetrySeconds} s)");
        job.Deliveries++;
        job.LastDelivery = now;
        job.DeliveredBy = silo.Address;
        job.DeliveryTag = record.DeliveryTag;
        job.Handouts[(silo.Address, record.DeliveryTag)] = false;
        job.RequeueAt = At(record.QueueAtMs, silo);
        job.RetryAt = At(retryAtMs, silo);
    }

    /// <summary>
    /// A store queues the job again, its delivery <paramref name="tag"/> given back. Only the last
    /// delivery can be undone: a give-back naming an older one (the job was queued again and handed
    /// out since) leaves the last delivery's hold in force, for the next delivery to be checked against.
    /// </summary>
    private void Undelivered(JobRecord record, long tag, SimNode silo)
    {
        loop.Trace($"{silo.Address} takes back {record.Id} (tag {tag})");
        if (!_jobs.TryGetValue(record.Id, out var job))
            return;
        if (job.Handouts.GetValueOrDefault((silo.Address, tag)))
            Violate($"{silo.Address} took back its delivery of {record.Id} (tag {tag}) at {loop.Now.TotalSeconds:0.000} s, after a GETJOB answered a consumer with it");
        if (!silo.Address.Equals(job.DeliveredBy) || tag != job.DeliveryTag)
        {
            loop.Trace($"the give-back of {record.Id} names tag {tag} of {silo.Address}, not its last delivery (tag {job.DeliveryTag} of {job.DeliveredBy}): that one stands");
            return;
        }
        job.Deliveries--;
        job.RequeueAt = job.RetryAt = null;
    }

    /// <summary>
    /// A GETJOB answered its consumer with these deliveries: none may be given back from now on,
    /// nor reach another consumer. A delivery is known by its tag; should two silos have used the
    /// same tag for the job, neither is looked at.
    /// </summary>
    public void Answered(Delivery[] deliveries)
    {
        foreach (var delivery in deliveries)
        {
            if (!_jobs.TryGetValue(delivery.Job.Id, out var job) || job.Handouts.Keys.Where(h => h.Tag == delivery.Job.DeliveryTag).ToList() is not [var only])
                continue;
            if (job.Handouts[only])
                Violate($"{only.By}'s delivery of {delivery.Job.Id} (tag {only.Tag}) reached a second consumer at {loop.Now.TotalSeconds:0.000} s");
            job.Handouts[only] = true;
        }
    }

    /// <summary>A consumer sends an ACK of the job (its answer may never come back).</summary>
    public void AckSent(JobId id)
    {
        if (_jobs.TryGetValue(id, out var job))
            job.AckSent = true;
    }

    /// <summary>A gateway answered an ACK that counted the job: from now on it is never handed out.</summary>
    public void Acked(JobId id)
    {
        loop.Trace($"ACK of {id} returned");
        if (_jobs.TryGetValue(id, out var job))
            job.AckedAt ??= loop.Now;
    }

    /// <summary>A NACK (a consumer's word) queued the job again: from now on it may be handed out again at once.</summary>
    private void Requeued(JobRecord record, SimNode silo)
    {
        loop.Trace($"{silo.Address} queues {record.Id} again on a NACK");
        if (_jobs.TryGetValue(record.Id, out var job))
            job.LastNack = loop.Now;
    }

    /// <summary>A GETJOB starts on <paramref name="silo"/>; the call's number ends it.</summary>
    public long GetJobStarted(SimNode silo, GetJobSpec spec)
    {
        var within = spec.NoHang ? TimeSpan.Zero : TimeSpan.FromMilliseconds(spec.TimeoutMs);
        _pending[++_nextCall] = new PendingGet(silo, silo.PauseEpisode, loop.Now + within + AnswerSlack,
            $"GETJOB {(spec.NoHang ? "NOHANG" : $"TIMEOUT {spec.TimeoutMs}")} on {silo.Address} at {loop.Now.TotalSeconds:0.000} s");
        return _nextCall;
    }

    public void GetJobEnded(long call) => _pending.Remove(call);

    /// <summary>After every event: GETJOBs past their deadline on a silo that ran all along.</summary>
    public void CheckWaits()
    {
        foreach (var (call, get) in _pending)
        {
            if (get.Silo.IsCrashed || get.Silo.IsPaused || get.Silo.PauseEpisode != get.PauseEpisode)
            {
                _pending.Remove(call);
                continue;
            }
            if (loop.Now > get.Deadline)
            {
                Violate($"{get.What} had not answered at {loop.Now.TotalSeconds:0.000} s");
                _pending.Remove(call);
            }
        }
    }

    private void Violate(string what)
    {
        loop.Trace("VIOLATION " + what);
        Violations.Add(what);
    }

    public void ThrowIfBroken()
    {
        if (Violations.Count > 0)
            throw new InvalidOperationException(Violations[0]);
    }

    /// <summary>
    /// At the end, once faults have stopped and the consumers drained the queues: the jobs no
    /// consumer sent an ACK of, not expired and not at-most-once (Disque promises those at most
    /// one delivery, not one) that <paramref name="missing"/>
    /// says should still be there, with why.
    /// </summary>
    public IEnumerable<string> LostJobs(Func<JobId, Promise, string?> missing) =>
        from pair in _jobs
        let job = pair.Value
        where job.Promised && !job.AckSent && !job.AtMostOnce && job.ExpiresAt > loop.Now
        let why = missing(pair.Key, job)
        where why is not null
        select $"{pair.Key} (RETRY {job.RetrySeconds} s, accepted at {job.AcceptedAt.TotalSeconds:0.000} s, {job.Deliveries} deliveries): {why}";
}
