using Orleans.Concurrency;

namespace Disque;

/// <summary>
/// Disque's commands for Orleans callers: what a RESP client does through a
/// gateway, an Orleans client (IClusterClient) does through this grain, with the
/// same rules and the same errors. A stateless worker: it runs on the silo the
/// caller reaches and carries the commands out there; any key will do.
/// </summary>
public interface IDisque : IGrainWithIntegerKey
{
    /// <summary>ADDJOB: the id once the copies exist (at once with ASYNC), or the Disque error.</summary>
    Task<Outcome<JobId>> AddJob(JobSpec job);

    /// <summary>
    /// GETJOB: the jobs taken, or null when none came within <see cref="GetJobSpec.TimeoutMs"/>
    /// (NOHANG: at once). One call blocks at most <see cref="MaxBlockMs"/>; wait longer by calling again.
    /// </summary>
    [ResponseTimeout("00:01:00")]
    Task<Outcome<Delivery[]?>> GetJobs(GetJobSpec spec);

    /// <summary>ACKJOB: how many of the jobs were known and acknowledged.</summary>
    Task<int> Ack(JobId[] ids);

    /// <summary>FASTACK: how many of the jobs were known and deleted, with all their copies.</summary>
    Task<int> FastAck(JobId[] ids);

    /// <summary>NACK: how many active jobs were queued again, counting a nack.</summary>
    Task<int> Nack(JobId[] ids);

    /// <summary>WORKING: the seconds the next delivery was postponed by, or NOJOB / TOOLATE.</summary>
    Task<Outcome<long>> Working(JobId id);

    Task<JobInfo?> Show(JobId id);

    /// <summary>Ours, NACKJOB and FAILJOB: how many active jobs were queued again (later), or sent to their dead-letter queue.</summary>
    Task<int> Verdict(JobId[] ids, JobVerdict verdict);

    /// <summary>Ours, REVIVE: how many dead letters went back to the queues they came from, their history reset.</summary>
    Task<int> Revive(JobId[] ids);

    /// <summary>Ours, REVIVE QUEUE: every dead letter of a dead-letter queue back where it came from; how many.</summary>
    Task<int> ReviveQueue(string deadLetterQueue);

    /// <summary>
    /// Ours, WAITJOB: how each job ended (acked, deleted, expired, dead-lettered, unknown), in the order
    /// given, once all ended or <paramref name="timeoutMs"/> passed (the rest: pending). One call waits at
    /// most <see cref="MaxBlockMs"/> (0 or more: that long); wait longer by calling again.
    /// </summary>
    [ResponseTimeout("00:01:00")]
    Task<JobEnd[]> WaitJobs(JobId[] ids, long timeoutMs);

    Task<long> QueueLength(string queue);

    Task<QueueStats?> QueueStats(string queue);

    /// <summary>QPEEK: up to |count| queued jobs, oldest first (newest first when negative), without taking them.</summary>
    Task<Delivery[]> Peek(string queue, long count);

    /// <summary>The longest one GetJobs call waits, in ms.</summary>
    public const long MaxBlockMs = 30_000;
}
