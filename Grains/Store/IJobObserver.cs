namespace Disque.Store;

/// <summary>
/// Hears a store's decisions about a job as it makes them, on its turn: accepted (its copies
/// exist), handed out, given back, queued again on a consumer's word (NACK, ENQUEUE). The deterministic simulation's checks listen here; in a
/// silo nobody does.
/// </summary>
internal interface IJobObserver
{
    void Accepted(JobRecord record);

    /// <summary>Handed out; <paramref name="retryAtMs"/> is when RETRY queues it again, before any back-off (ours) the delivery added.</summary>
    void Delivered(JobRecord record, long retryAtMs);

    /// <summary>Given back: the delivery named by <paramref name="tag"/> (<see cref="QueuedJob.DeliveryTag"/>) never reached a consumer.</summary>
    void Undelivered(JobRecord record, long tag);

    void Requeued(JobRecord record);
}
