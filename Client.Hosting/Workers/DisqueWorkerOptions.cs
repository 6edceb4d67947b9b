namespace Disque.Client.Hosting;

/// <summary>A handler for the jobs of one name; <paramref name="abandon"/> fires when the host's stop timeout has passed.</summary>
public delegate Task JobHandler(JobContext job, CancellationToken abandon);

/// <summary>What a worker host runs, and its rules for failures, long jobs and stopping.</summary>
public sealed class DisqueWorkerOptions
{
    private readonly Dictionary<string, JobHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>The queues GETJOB takes jobs from, the first that has some first.</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>Workers running at once: each takes one job, runs it, and settles it before taking the next.</summary>
    public int Concurrency { get; set; } = 10;

    /// <summary>
    /// Against a plain Disque: the NACKs a job may have; at its next failure it goes to <see cref="DeadLetterQueue"/> instead.
    /// With the server's failure policy (<see cref="UseServerPolicy"/>): the deliveries a job may have; the failure
    /// of its last one sends it to its dead-letter queue on the server (FAILJOB).
    /// </summary>
    public int MaxNacks { get; set; } = 5;

    /// <summary>
    /// Against a plain Disque: where a job that failed too often is added (then acknowledged where it was);
    /// null: it is acknowledged and logged. Unused with the server's failure policy: a job's dead-letter
    /// queue is the one its producer named at ADDJOB (DEADLETTER), else its queue's name and <c>:dead</c>.
    /// </summary>
    public string? DeadLetterQueue { get; set; }

    /// <summary>
    /// When the server has a failure policy (Disque.Orleans; <see cref="IDisqueClient.HasFailurePolicyAsync"/>):
    /// a failure is a NACKJOB with the handler's exception as its reason, and the last one a FAILJOB, which
    /// keeps the job, its id and its history in its dead-letter queue. False: the client-side rules always
    /// (NACK, then <see cref="DeadLetterQueue"/>), as against a plain Disque.
    /// </summary>
    public bool UseServerPolicy { get; set; } = true;

    /// <summary>How long a stop lets running jobs finish; then they are NACKed back to their queues.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// When a job still running gets its first WORKING; the reply tells its RETRY, and the next
    /// ones follow every <see cref="HeartbeatFraction"/> of it. Under a second: RETRY is at least 1 s.
    /// <see cref="Timeout.InfiniteTimeSpan"/>: no heartbeats.
    /// </summary>
    public TimeSpan FirstHeartbeat { get; set; } = TimeSpan.FromMilliseconds(500);

    public double HeartbeatFraction { get; set; } = 1.0 / 3;

    /// <summary>How long one GETJOB waits before it is asked again.</summary>
    public TimeSpan GetJobTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause after GETJOB failed (no node reachable), before trying again.</summary>
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public IReadOnlyDictionary<string, JobHandler> Handlers => _handlers;

    /// <summary>Runs jobs named <paramref name="name"/>. A handler that throws fails its job.</summary>
    public DisqueWorkerOptions Handle(string name, JobHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _handlers[name] = handler;
        return this;
    }

    /// <summary>Runs jobs named <paramref name="name"/>, their payload read as <typeparamref name="T"/>.</summary>
    public DisqueWorkerOptions Handle<T>(string name, Func<T, JobContext, CancellationToken, Task> handler) =>
        Handle(name, (job, abandon) => handler(job.PayloadAs<T>(), job, abandon));
}
