namespace Disque.Client;

/// <summary>
/// ADDJOB's options. Unset ones take Disque's defaults: REPLICATE min(3, nodes),
/// TTL 1 day, RETRY TTL/10 (at most 300 s), no DELAY, no MAXLEN. Disque counts
/// DELAY, RETRY and TTL in whole seconds: a fraction of a second rounds up.
/// <see cref="Priority"/>, <see cref="MaxDeliveries"/>, <see cref="DeadLetter"/> and
/// <see cref="Backoff"/> are Disque.Orleans' own options (real Disque refuses them):
/// unset, the job is a plain Disque job.
/// </summary>
public sealed record AddJobOptions
{
    public static readonly AddJobOptions Default = new();

    /// <summary>REPLICATE: copies on distinct nodes, 1 to 65535.</summary>
    public int? Replicate { get; init; }

    /// <summary>DELAY: queued only after this long.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>RETRY: delivered again when not acknowledged within this long; zero: at most once.</summary>
    public TimeSpan? Retry { get; init; }

    /// <summary>TTL: the job is gone after this long, delivered or not.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>MAXLEN: refused (MaxLenException) when the queue already holds this many jobs.</summary>
    public long? MaxLen { get; init; }

    /// <summary>ASYNC: answer once one copy exists; the others are made in the background.</summary>
    public bool Async { get; init; }

    /// <summary>
    /// Disque.Orleans' GROUP: the job's group. A group's jobs are delivered in the order they were
    /// added, at most <see cref="GroupLimit"/> at once, and the groups of a queue take turns.
    /// </summary>
    public string? Group { get; init; }

    /// <summary>Disque.Orleans' GROUPLIMIT: how many jobs of <see cref="Group"/> may be active at once, 1 to 100000; unset: 1.</summary>
    public int? GroupLimit { get; init; }

    /// <summary>ADDJOB's ms-timeout: how long to wait for the copies (NoReplException after it); zero: no limit.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>PRIORITY, 0 (the default, lowest) to 1000: a node hands out its most urgent queued job first.</summary>
    public int? Priority { get; init; }

    /// <summary>MAXDELIVERIES, 1 to 1,000,000: after that many deliveries an un-acked job goes to its dead-letter queue instead of back to its queue.</summary>
    public int? MaxDeliveries { get; init; }

    /// <summary>DEADLETTER: the queue the job goes to when it fails for good; unset: the queue's name and <c>:dead</c>.</summary>
    public string? DeadLetter { get; init; }

    /// <summary>The dead-letter queue of <paramref name="queue"/>'s jobs when ADDJOB names none: <c>queue:dead</c>.</summary>
    public static string DefaultDeadLetter(string queue) => queue + ":dead";

    /// <summary>BACKOFF base cap: exponential waits, with jitter, before a failed job is queued again.</summary>
    public JobBackoff? Backoff { get; init; }
    /// <summary>
    /// Ours, UNIQUE: while a job with this key lives (until acked, deleted or expired), ADDJOB with it
    /// makes no job and answers that job's id. At most 256 bytes (UTF-8).
    /// </summary>
    public string? UniqueKey { get; init; }

    /// <summary>Ours, UNIQUEFOR: the key stays taken this long after the job's ACK (whole seconds, rounded up).</summary>
    public TimeSpan? UniqueFor { get; init; }

    /// <summary>Ours, AFTER: the job is queued only once all these jobs are acked (up to 1000).</summary>
    public IReadOnlyList<string>? After { get; init; }

    /// <summary>Ours, ONFAIL: what happens when one of <see cref="After"/> fails; null: the server's default (cancel).</summary>
    public DependencyFailure? OnFail { get; init; }

    internal long TimeoutMs => (long)Math.Ceiling(Timeout.TotalMilliseconds);

    internal static int? Seconds(TimeSpan? time) => time is { } t ? (int)Math.Min(int.MaxValue, Math.Ceiling(t.TotalSeconds)) : null;

    /// <summary>Refuses, before anything is sent, what Disque would refuse as out of range.</summary>
    internal void Validate(string queue)
    {
        if (Replicate is < 1 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Replicate), Replicate, "REPLICATE must be between 1 and 65535.");
        if (Ttl is { } ttl && ttl <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Ttl), ttl, "TTL must be positive.");
        if (Retry is { } retry && retry < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Retry), retry, "RETRY must not be negative.");
        if (Delay is { } delay && delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Delay), delay, "DELAY must not be negative.");
        if (MaxLen is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxLen), MaxLen, "MAXLEN must be positive.");
        if (GroupLimit is < 1 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(GroupLimit), GroupLimit, "GROUPLIMIT must be between 1 and 100000.");
        if (GroupLimit is not null && Group is null)
            throw new ArgumentException("GROUPLIMIT needs a Group.", nameof(GroupLimit));
        if (Group is { Length: 0 })
            throw new ArgumentException("A group needs a name.", nameof(Group));
        if (UniqueKey is { } key && (key.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(key) > 256))
            throw new ArgumentOutOfRangeException(nameof(UniqueKey), key, "UNIQUE key must be 1 to 256 bytes.");
        if (UniqueFor is { } window && (window < TimeSpan.Zero || UniqueKey is null))
            throw new ArgumentOutOfRangeException(nameof(UniqueFor), window, "UNIQUEFOR must not be negative, and needs a UniqueKey.");
        if (After is { } after && (after.Count is 0 or > 1000))
            throw new ArgumentOutOfRangeException(nameof(After), after.Count, "AFTER names 1 to 1000 jobs.");
        if (OnFail is not null && After is null)
            throw new ArgumentException("OnFail needs After.", nameof(OnFail));
        if (Timeout < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must not be negative.");
        if (Priority is < 0 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(Priority), Priority, "PRIORITY must be between 0 and 1000.");
        if (MaxDeliveries is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(MaxDeliveries), MaxDeliveries, "MAXDELIVERIES must be between 1 and 1000000.");
        if (DeadLetter is not null && (DeadLetter.Length == 0 || DeadLetter == queue))
            throw new ArgumentException("DEADLETTER must name a queue other than the job's own.", nameof(DeadLetter));
        if (Backoff is { } b && (b.BaseSeconds < 1 || b.CapSeconds < b.BaseSeconds || b.CapSeconds > (long)JobBackoff.Longest.TotalSeconds))
            throw new ArgumentOutOfRangeException(nameof(Backoff), b, "BACKOFF needs a base of at least 1 second and a cap not below its base (at most a year).");
    }
}
