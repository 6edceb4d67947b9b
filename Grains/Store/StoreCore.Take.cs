using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// GETJOB on this silo's queues: taken at once (Disque's rounds: queues in the
/// order given, one job from each per round, until COUNT), or, with nothing
/// there, a consumer blocked until the first job arrives in any of its queues,
/// its timeout, or its client leaving. Blocked consumers are served first come
/// first served, one job each; every end of a wait happens on this grain's turn.
/// </summary>
internal sealed partial class StoreCore
{
    /// <summary>How long a stop for a wait that has not arrived yet is remembered.</summary>
    private const long RememberStopsMs = 60_000;

    /// <summary>
    /// How long this silo remembers the offers it answered: which silo offered a job its consumer
    /// got (to send it back there), and the answer, for the same offer sent again.
    /// </summary>
    private const long RememberOffersMs = 60_000;

    private readonly Dictionary<Guid, Waiter> _waiters = [];
    private readonly Dictionary<Guid, long> _stopped = [];
    /// <summary>
    /// The offers this silo answered, by job, delivery and offerer: a job offered again (queued again
    /// by its owner) is another offer, each remembered; tags are each store's own count, so the
    /// offerer is part of the key.
    /// </summary>
    private readonly Dictionary<(JobId Id, long DeliveryTag, SiloAddress From), OfferAnswered> _offeredFrom = [];

    /// <summary>An offer of a job this silo answered: when, and whether a consumer here took it.</summary>
    private readonly record struct OfferAnswered(long AtMs, bool Taken);

    /// <summary>The offers in the order they came, so forgetting old ones reads only those.</summary>
    private readonly Queue<((JobId Id, long DeliveryTag, SiloAddress From) Offer, long AtMs)> _offersByAge = new();

    public Task<Delivery[]> Take(string[] queues, int count) => Task.FromResult(TakeNow(queues, count, clock.NowMs));

    private Delivery[] TakeNow(string[] queues, int count, long now)
    {
        if (_stall.Holds)
            return [];
        if (queues.Length == 1)
        {
            var only = _queues.Find(queues[0]);
            if (only is null || only.PausedOut || only.Length == 0)
                return [];
            if (only.Groups is not null)
                return TakeInTurns(only, count, now);
            var jobs = new Delivery[Math.Min(count, only.Jobs.Count)];
            for (var i = 0; i < jobs.Length; i++)
                jobs[i] = new Delivery(only.Name, Deliver(only, only.Next()!, now));
            return jobs;
        }
        var taken = new List<Delivery>();
        var progress = true;
        while (taken.Count < count && progress)
        {
            progress = false;
            foreach (var name in queues)
            {
                if (taken.Count == count)
                    break;
                if (_queues.Find(name) is { PausedOut: false } partition && partition.Next() is { } record)
                {
                    taken.Add(new Delivery(name, Deliver(partition, record, now)));
                    progress = true;
                }
            }
        }
        return [.. taken];
    }

    /// <summary>
    /// K stores (<see cref="StoreSet"/>): up to <paramref name="count"/> queued jobs with a priority of
    /// <paramref name="atLeast"/> or more (plain jobs and grouped ones are not taken here), most urgent first.
    /// </summary>
    internal Task<Delivery[]> TakeUrgent(string[] queues, int count, int atLeast)
    {
        if (_stall.Holds)
            return Task.FromResult<Delivery[]>([]);
        var now = clock.NowMs;
        var taken = new List<Delivery>();
        foreach (var name in queues)
            if (_queues.Find(name) is { PausedOut: false } partition)
                while (taken.Count < count && partition.NextUrgent(atLeast) is { } record)
                    taken.Add(new Delivery(name, Deliver(partition, record, now)));
        return Task.FromResult<Delivery[]>([.. taken]);
    }

    /// <summary>One queue with groups: jobs as <see cref="QueuePartition.Next"/> gives them, as long as a group has room.</summary>
    private Delivery[] TakeInTurns(QueuePartition partition, int count, long now)
    {
        var taken = new List<Delivery>(Math.Min(count, partition.Length));
        while (taken.Count < count && partition.Next() is { } record)
            taken.Add(new Delivery(partition.Name, Deliver(partition, record, now)));
        return [.. taken];
    }

    public async Task<Delivery[]?> Wait(string[] queues, long waitMs, Guid id)
    {
        var now = clock.NowMs;
        if (_stopped.Remove(id))
            return [];
        var ready = TakeNow(queues, 1, now);
        if (ready.Length > 0 || waitMs <= 0)
            return ready;
        var waiter = new Waiter(id, queues, now + waitMs);
        Pace.Busy();
        _waiters[id] = waiter;
        for (var i = 0; i < queues.Length; i++)
            waiter.Places[i] = Partition(queues[i], now).Waiters.AddLast(waiter);
        AdvertiseNeed(queues, now);
        var jobs = await waiter.Result;
        _waiters.Remove(id);
        return jobs;
    }

    public Task StopWaiting(Guid id)
    {
        if (_waiters.Remove(id, out var waiter))
            waiter.End([]);
        else if (!StopWatching(id))
            _stopped[id] = clock.NowMs;
        return Task.CompletedTask;
    }

    public Task Return(Delivery[] jobs)
    {
        var now = clock.NowMs;
        foreach (var delivery in jobs)
        {
            if (_jobs.TryGet(delivery.Job.Id, out var record) && record.Owned)
                Undeliver(record, delivery.Job.DeliveryTag, now);
            // Not to a silo declared dead meanwhile: its jobs are the others' now. The offer is
            // still remembered, so a repeat of it cannot hand the job to another consumer here.
            else if (OffererOf(delivery.Job) is { } offerer && !cluster.IsDeclaredDead(offerer))
                Tell(offerer, store => store.Return([delivery]), "giving back a job its consumer left");
        }
        return Task.CompletedTask;
    }

    /// <summary>The silo whose offer of this delivery a consumer here took (the latest, should two have used one tag); null if none.</summary>
    private SiloAddress? OffererOf(QueuedJob job)
    {
        SiloAddress? offerer = null;
        var latest = long.MinValue;
        foreach (var (offer, answer) in _offeredFrom)
            if (answer.Taken && answer.AtMs >= latest && offer.Id == job.Id && offer.DeliveryTag == job.DeliveryTag)
                (offerer, latest) = (offer.From, answer.AtMs);
        return offerer;
    }

    /// <summary>Blocked consumers whose timeout passed get nothing; stops remembered for waits that never came are forgotten.</summary>
    private void EndExpiredWaits(long now)
    {
        if (_waiters.Count > 0)
        {
            List<Waiter>? expired = null;
            foreach (var waiter in _waiters.Values)
                if (waiter.DeadlineMs <= now)
                    (expired ??= []).Add(waiter);
            expired?.ForEach(w => StopWaiting(w.Id));
        }
        if (_stopped.Count > 0)
            foreach (var (id, at) in _stopped)
                if (now - at > RememberStopsMs)
                    _stopped.Remove(id);
        while (_offersByAge.TryPeek(out var oldest) && now - oldest.AtMs > RememberOffersMs)
        {
            _offersByAge.Dequeue();
            if (_offeredFrom.TryGetValue(oldest.Offer, out var offer) && offer.AtMs == oldest.AtMs)
                _offeredFrom.Remove(oldest.Offer);
        }
    }

    /// <summary>Every blocked consumer gets <paramref name="answer"/>: nothing (the store goes away), or null (flushed).</summary>
    private void EndAllWaits(Delivery[]? answer)
    {
        foreach (var waiter in _waiters.Values.ToList())
            waiter.End(answer);
        _waiters.Clear();
    }

    public async Task Flush()
    {
        // Blocked consumers are answered null at once, as Disque answers them when their queues go.
        EndAllWaits(answer: null);
        _stopped.Clear();
        _offeredFrom.Clear();
        _offersByAge.Clear();
        foreach (var partition in _queues.All.ToList())
            _queues.Remove(partition);
        // What the cluster-wide DELJOB pass did not reach (added meanwhile) goes too, journal included.
        var left = _jobs.All().ToList();
        foreach (var record in left)
        {
            Drop(record);
            Ended(record, JobEnd.Deleted);
        }
        if (journal.IsDurable && left.Count > 0)
            await journal.Delete([.. left.Select(r => r.Id)]); // a failure is FLUSHALL's: they would come back at a restart
    }
}
