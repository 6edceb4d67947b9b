using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// The set's queue-wide calls: each store holds its part of each queue, so these reach every
/// store and merge the answers into one silo's part. GETJOB takes from the stores whose part
/// queues jobs (<see cref="QueueBoard"/>) in turn, starting at a different one each time, so that
/// one store's part is not always the one drained; while a store holds a job with a priority
/// (ours), the urgent jobs come first, most urgent first across the stores, as one store serves
/// its own.
/// </summary>
internal sealed partial class StoreSet
{
    public async Task<Delivery[]> Take(string[] queues, int count)
    {
        var taken = new Gathered();
        // While a store holds a job with a priority: from the most urgent store, its jobs as urgent as the
        // next store's most urgent at least; then from that one, and so on.
        while (board is not null && taken.Count < count && board.MostUrgent(queues) is (>= 0 and var store, var next))
        {
            var left = count - taken.Count;
            var urgent = await On(store, s => ((StoreCore)s).TakeUrgent(queues, left, Math.Max(1, next)));
            if (urgent.Length == 0)
                break; // that part is paused, or was taken meanwhile: the rest in turn
            taken.Add(urgent);
        }
        var start = Next();
        for (var i = 0; i < stores.Length; i++)
        {
            var left = count - taken.Count;
            if (left <= 0)
                break;
            var store = (start + i) % stores.Length;
            if (board?.MayHold(store, queues) == false)
                continue;
            Delivery[] part;
            try
            {
                part = await On(store, s => s.Take(queues, left));
            }
            catch (Exception) when (taken.Count > 0)
            {
                // This store failed (it went away): the jobs the others handed out are this consumer's all the
                // same, or they would wait out their RETRY (an at-most-once one would be lost). The next GETJOB
                // meets the failure again if it lasts.
                break;
            }
            taken.Add(part);
        }
        return taken.ToArray();
    }

    /// <summary>One GETJOB's deliveries over the stores: the first store's array as it came, a list only once a second store adds some.</summary>
    private struct Gathered
    {
        private Delivery[] _first;
        private List<Delivery>? _all;

        public readonly int Count => _all?.Count ?? _first?.Length ?? 0;

        public void Add(Delivery[] part)
        {
            if (part.Length == 0)
                return;
            if (_all is null && Count == 0)
                _first = part;
            else
                (_all ??= [.. _first]).AddRange(part);
        }

        public readonly Delivery[] ToArray() => _all is null ? _first ?? [] : [.. _all];
    }

    /// <summary>Every store hears it: any of them may hold jobs of these queues.</summary>
    public Task NeedJobs(string[] queues, int[] waiting, SiloAddress needer) => Each(s => s.NeedJobs(queues, waiting, needer));

    /// <summary>
    /// Each job goes to the store it would live in here: a blocked consumer waits on every store, and
    /// that store is the one that gives the job back to <paramref name="from"/> should the consumer leave.
    /// </summary>
    public async Task<JobId[]> Offer(string queue, QueuedJob[] jobs, SiloAddress from) =>
        [.. (await Split(jobs, static j => j.Id, (s, part) => s.Offer(queue, part, from))).SelectMany(r => r)];

    public Task Flush() => Each(static s => s.Flush());

    public Task StopWaiting(Guid waiter) => Each(s => s.StopWaiting(waiter));

    public async Task<int> ReviveQueue(string deadLetterQueue) => (await Every(s => s.ReviveQueue(deadLetterQueue))).Sum();

    public Task SetPause(string queue, PauseState state, long version) => Each(s => s.SetPause(queue, state, version));

    public async Task<int> Recover() => (await Every(static s => s.Recover())).Sum();

    public async Task<int> HandOff(TimeSpan within) => (await Every(s => s.HandOff(within))).Sum();

    /// <summary>The live job holding the key, in whichever store holds it.</summary>
    public async Task<JobId> HeldKey(string key) => (await Every(s => s.HeldKey(key))).FirstOrDefault(id => !id.IsEmpty);

    /// <summary>
    /// One part for the silo: lengths and counters added up, each store's counters also listed under its
    /// own key (<see cref="QueuePart.Shares"/>) for the queue grain; blocked consumers are the most any store
    /// counts, since a blocked GETJOB waits on every store at once.
    /// </summary>
    public async Task<QueuePart?> QueuePart(string queue)
    {
        var parts = (await Every(s => s.QueuePart(queue))).Where(p => p is not null).Select(p => p!).ToArray();
        if (parts.Length <= 1)
            return parts.FirstOrDefault();
        var groups = parts.Where(p => p.Groups is not null).SelectMany(p => p.Groups!).ToArray();
        return parts[0] with
        {
            Length = parts.Sum(p => p.Length),
            Blocked = parts.Max(p => p.Blocked),
            JobsIn = parts.Sum(p => p.JobsIn),
            JobsOut = parts.Sum(p => p.JobsOut),
            CreatedMs = parts.Min(p => p.CreatedMs),
            TouchedMs = parts.Max(p => p.TouchedMs),
            Groups = groups.Length == 0 ? null : groups,
            Shares = [.. parts.Select(p => new QueueShare(p.Store, p.JobsIn, p.JobsOut))],
        };
    }

    public async Task<QueuedJob[]> Peek(string queue, long count)
    {
        var lists = await Every(s => s.Peek(queue, count));
        if (lists.Count(l => l.Length > 0) <= 1)
            return lists.FirstOrDefault(l => l.Length > 0) ?? [];
        var merged = lists.SelectMany(l => l);
        merged = count > 0 ? merged.OrderBy(j => j.CTime).ThenBy(j => j.Id) : merged.OrderByDescending(j => j.CTime).ThenByDescending(j => j.Id);
        var take = count == long.MinValue ? int.MaxValue : (int)Math.Min(Math.Abs(count), int.MaxValue);
        return [.. merged.Take(take)];
    }

    /// <summary>QSCAN's lengths are the silo's: the stores' parts added up before the bounds apply.</summary>
    public async Task<string[]> LocalQueues(long minLen, long maxLen)
    {
        var all = await Every(static s => s.LocalQueues(long.MinValue, long.MaxValue));
        var names = all.SelectMany(n => n).Distinct().ToArray();
        if (minLen <= 0 && maxLen == long.MaxValue)
            return names;
        var lengths = await Task.WhenAll(names.Select(async name => (await QueuePart(name))?.Length ?? 0));
        return [.. names.Where((_, i) => lengths[i] >= minLen && lengths[i] <= maxLen)];
    }

    public async Task<NodeInfo> Describe()
    {
        var all = await Every(static s => s.Describe());
        return all[0] with { Jobs = all.Sum(d => d.Jobs) };
    }

    /// <summary>
    /// JSCAN: each store scans from <paramref name="firstShard"/>; the page ends at the first shard any
    /// store did not reach, and jobs of later shards are left for the next page, so none is missed or repeated.
    /// </summary>
    public async Task<JobScanPage> Scan(int firstShard, int count, JobScanFilter filter)
    {
        var pages = await Every(s => s.Scan(firstShard, count, filter));
        var next = pages.Min(p => p.NextShard);
        return new JobScanPage([.. pages.SelectMany(p => p.Jobs).Where(j => JobTable.ShardOf(j.Id) < next)], next);
    }
}
