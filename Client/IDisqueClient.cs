namespace Disque.Client;

/// <summary>
/// Disque's commands for a producer and a worker, typed. Two implementations: 
/// <see cref="DisqueClient"/> speaks RESP to the gateways; Disque.Client.Orleans's
/// OrleansDisqueClient calls the cluster's grains. Errors Disque answers arrive as
/// <see cref="DisqueException"/> subtypes by code; a node that cannot be reached as
/// <see cref="DisqueConnectionException"/>.
/// </summary>
public interface IDisqueClient
{
    /// <summary>ADDJOB: the new job's id once its copies exist (at once with ASYNC).</summary>
    Task<string> AddJobAsync(string queue, ReadOnlyMemory<byte> body, AddJobOptions? options = null, CancellationToken cancellation = default);

    /// <summary>
    /// GETJOB: up to <paramref name="count"/> jobs from the first of <paramref name="queues"/>
    /// that has some. Without <paramref name="noHang"/> it waits for a job, up to
    /// <paramref name="timeout"/> (null: until one comes); empty when none came.
    /// Cancelling a wait takes no job: the wait ends on the node, and a job that reached
    /// the client as the caller gave up is queued again.
    /// </summary>
    Task<IReadOnlyList<Job>> GetJobsAsync(IReadOnlyList<string> queues, int count = 1, TimeSpan? timeout = null,
        bool noHang = false, bool withCounters = false, CancellationToken cancellation = default);

    /// <summary>ACKJOB: how many of the jobs were known and are now acknowledged everywhere.</summary>
    Task<int> AckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default);

    /// <summary>
    /// Ours, WAITJOB: completes once each job ended (acked, deleted, expired, dead-lettered, or unknown to
    /// every node), or <paramref name="timeout"/> passed (null: without limit); one outcome per id, in order.
    /// Nothing polls: the nodes holding the jobs answer when they end. Cancelling ends the wait on the node.
    /// </summary>
    Task<IReadOnlyList<JobOutcome>> WaitJobsAsync(IReadOnlyList<string> ids, TimeSpan? timeout = null, CancellationToken cancellation = default);

    /// <summary>FASTACK: how many of the jobs were known and are now deleted, best effort.</summary>
    Task<int> FastAckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default);

    /// <summary>NACK: how many of the jobs were queued again at once, each counting a nack.</summary>
    Task<int> NackAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default);

    /// <summary>WORKING: postpones the job's next delivery; the seconds it was postponed by (its RETRY).</summary>
    Task<int> WorkingAsync(string id, CancellationToken cancellation = default);

    /// <summary>QLEN: the jobs queued.</summary>
    Task<long> QLenAsync(string queue, CancellationToken cancellation = default);

    /// <summary>QSTAT; null when the queue does not exist.</summary>
    Task<QueueDetails?> QStatAsync(string queue, CancellationToken cancellation = default);

    /// <summary>QPEEK: up to |count| queued jobs without taking them, oldest first (newest first when negative).</summary>
    Task<IReadOnlyList<Job>> QPeekAsync(string queue, long count, CancellationToken cancellation = default);

    /// <summary>SHOW; null when the job is not known.</summary>
    Task<JobDetails?> ShowAsync(string id, CancellationToken cancellation = default);

    // Disque.Orleans' own commands, beyond Disque's: real Disque answers them -ERR unknown command.

    /// <summary>
    /// Whether the server has Disque.Orleans' failure policy (NACKJOB, FAILJOB, REVIVE, and ADDJOB's
    /// PRIORITY, MAXDELIVERIES, DEADLETTER, BACKOFF): false for a real Disque.
    /// </summary>
    Task<bool> HasFailurePolicyAsync(CancellationToken cancellation = default);

    /// <summary>
    /// NACKJOB: NACK with a reason, kept as the job's last failure, and queued again after
    /// <paramref name="delay"/> (null: at once, or after the job's back-off); a job out of its
    /// deliveries goes to its dead-letter queue instead. How many jobs it moved.
    /// </summary>
    Task<int> NackJobAsync(IReadOnlyCollection<string> ids, TimeSpan? delay = null, string? reason = null, CancellationToken cancellation = default);

    /// <summary>FAILJOB: failed for good, the jobs go to their dead-letter queues now, with the reason. How many moved.</summary>
    Task<int> FailJobAsync(IReadOnlyCollection<string> ids, string? reason = null, CancellationToken cancellation = default);

    /// <summary>REVIVE: dead letters back on the queues they came from, their history reset. How many went back.</summary>
    Task<int> ReviveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default);

    /// <summary>REVIVE QUEUE: every dead letter of <paramref name="deadLetterQueue"/> back where it came from. How many.</summary>
    Task<int> ReviveQueueAsync(string deadLetterQueue, CancellationToken cancellation = default);
}
