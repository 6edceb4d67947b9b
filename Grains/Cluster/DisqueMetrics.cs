using System.Diagnostics.Metrics;
using Disque.Queues;

namespace Disque.Cluster;

/// <summary>
/// The silo's Disque counters, as OpenTelemetry metrics (meter "Disque") and for
/// INFO: jobs added, delivered, acknowledged, queued again and expired; jobs held,
/// queue lengths and blocked consumers as gauges. One source feeds both, so INFO
/// and /metrics always agree.
/// </summary>
public sealed class DisqueMetrics : IDisposable
{
    public const string MeterName = "Disque";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _added;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _acked;
    private readonly Counter<long> _requeued;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _deadLettered;
    private long _addedTotal, _deliveredTotal, _ackedTotal, _requeuedTotal, _expiredTotal, _deadLetteredTotal;

    public DisqueMetrics(LocalQueues queues)
    {
        _added = _meter.CreateCounter<long>("disque.jobs.added", "{job}", "Jobs created on this silo (ADDJOB).");
        _delivered = _meter.CreateCounter<long>("disque.jobs.delivered", "{job}", "Jobs handed to consumers by queues on this silo (GETJOB).");
        _acked = _meter.CreateCounter<long>("disque.jobs.acked", "{job}", "Jobs acknowledged by this silo's store (ACKJOB).");
        _requeued = _meter.CreateCounter<long>("disque.jobs.requeued", "{job}", "Jobs queued again: RETRY, NACK, ENQUEUE.");
        _expired = _meter.CreateCounter<long>("disque.jobs.expired", "{job}", "Copies removed at their TTL.");
        _deadLettered = _meter.CreateCounter<long>("disque.jobs.dead_lettered", "{job}", "Ours: jobs moved to a dead-letter queue (MAXDELIVERIES, FAILJOB).");
        _meter.CreateObservableGauge("disque.jobs.registered", () => RegisteredJobs, "{job}", "Job copies held by this silo.");
        _meter.CreateObservableGauge("disque.queue.length", () => queues.Snapshot().Select(q => new Measurement<long>(q.Length, new KeyValuePair<string, object?>("queue", q.Name))), "{job}", "Jobs queued on this silo, per queue (this silo's part of each queue).");
        _meter.CreateObservableGauge("disque.clients.blocked", () => queues.Blocked, "{client}", "Consumers blocked in GETJOB on this silo's queues.");
    }

    /// <summary>The copies this silo's job stores hold, as each last told.</summary>
    public long RegisteredJobs => _registered.Values.Sum();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _registered = new();

    /// <summary>Set by job store <paramref name="store"/> on its turn: the copies it holds.</summary>
    public void Registered(int store, long count) => _registered[store] = count;

    public long Added => Interlocked.Read(ref _addedTotal);

    public long Delivered => Interlocked.Read(ref _deliveredTotal);

    public long Acked => Interlocked.Read(ref _ackedTotal);

    public long Requeued => Interlocked.Read(ref _requeuedTotal);

    public long Expired => Interlocked.Read(ref _expiredTotal);

    public long DeadLettered => Interlocked.Read(ref _deadLetteredTotal);

    public JobCounters Totals => new(Added, Delivered, Acked, Requeued, Expired);

    public void JobsAdded(int count) => Count(_added, ref _addedTotal, count);

    public void JobsDelivered(int count) => Count(_delivered, ref _deliveredTotal, count);

    public void JobsAcked(int count) => Count(_acked, ref _ackedTotal, count);

    public void JobsRequeued(int count) => Count(_requeued, ref _requeuedTotal, count);

    public void JobsExpired(int count) => Count(_expired, ref _expiredTotal, count);

    public void JobsDeadLettered(int count) => Count(_deadLettered, ref _deadLetteredTotal, count);

    private static void Count(Counter<long> counter, ref long total, int count)
    {
        if (count == 0)
            return;
        counter.Add(count);
        Interlocked.Add(ref total, count);
    }

    public void Dispose() => _meter.Dispose();
}
