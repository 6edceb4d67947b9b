namespace Disque.Dashboard.Sampling;

/// <summary>
/// Each queue's QSTAT counters jobs-in and jobs-out over the last minutes, from the
/// sampler's QSTATs and the pages' own: the rates in and out are the counters' change
/// over the last minute (at least a few seconds of it), so they need no counter kept anywhere else.
/// </summary>
internal sealed class QueueHistory(TimeProvider time)
{
    /// <summary>The window a rate is measured over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<QueuePoint>> _queues = new(StringComparer.Ordinal);

    public void Add(string queue, long jobsIn, long jobsOut)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var points))
                _queues[queue] = points = new Queue<QueuePoint>();
            // A queue that restarted its counters (its grain's state lost) starts a new history.
            if (points.Count > 0 && (jobsIn < points.Peek().JobsIn || jobsOut < points.Peek().JobsOut))
                points.Clear();
            points.Enqueue(new QueuePoint(now, jobsIn, jobsOut));
            while (points.Count > 1 && points.Peek().At < now - ClusterHistory.Kept)
                points.Dequeue();
        }
    }

    /// <summary>Jobs per second in and out over the last minute; null until the queue was seen twice a few seconds apart.</summary>
    public (double In, double Out)? Rates(string queue)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var points) || points.Count < 2)
                return null;
            var last = points.Last();
            var first = points.FirstOrDefault(p => p.At >= now - Window - Shortest) ?? points.Peek();
            var seconds = (last.At - first.At).TotalSeconds;
            return seconds < Shortest.TotalSeconds ? null : ((last.JobsIn - first.JobsIn) / seconds, (last.JobsOut - first.JobsOut) / seconds);
        }
    }

    /// <summary>The rates in and out between samples a few seconds apart at least (closer ones say more of chance than of rate), for a chart.</summary>
    public IReadOnlyList<(DateTimeOffset At, double In, double Out)> Series(string queue)
    {
        var series = new List<(DateTimeOffset, double, double)>();
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var points))
                return series;
            QueuePoint? from = null;
            foreach (var point in points)
            {
                if (from is null)
                {
                    from = point;
                    continue;
                }
                var seconds = (point.At - from.At).TotalSeconds;
                if (seconds < Shortest.TotalSeconds)
                    continue;
                series.Add((point.At, (point.JobsIn - from.JobsIn) / seconds, (point.JobsOut - from.JobsOut) / seconds));
                from = point;
            }
        }
        return series;
    }

    /// <summary>The last full scan: when, how many queues, how many jobs queued in them.</summary>
    public (DateTimeOffset At, int Queues, long Queued)? LastScan { get; private set; }

    /// <summary>A full scan's QSTATs, each queue's counters added to its history.</summary>
    public void Scanned(IReadOnlyList<Disque.Client.QueueDetails> stats)
    {
        foreach (var queue in stats)
            Add(queue.Name, queue.JobsIn, queue.JobsOut);
        KeepOnly([.. stats.Select(s => s.Name)]);
        LastScan = (time.GetUtcNow(), stats.Count, stats.Sum(s => s.Length));
    }

    /// <summary>Forgets the queues not in <paramref name="living"/> (a full QSCAN), so the history does not grow without end.</summary>
    private void KeepOnly(IReadOnlyCollection<string> living)
    {
        var keep = living.ToHashSet(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var gone in _queues.Keys.Where(q => !keep.Contains(q)).ToList())
                _queues.Remove(gone);
        }
    }

    private sealed record QueuePoint(DateTimeOffset At, long JobsIn, long JobsOut);
}
