namespace Disque.Client.Tests.Workers;

/// <summary>An <see cref="IDisqueClient"/> that passes every call to <paramref name="inner"/>; a test's client overrides what it plays differently.</summary>
internal abstract class DelegatingClient(IDisqueClient inner) : IDisqueClient
{
    protected IDisqueClient Inner => inner;

    public virtual Task<string> AddJobAsync(string queue, ReadOnlyMemory<byte> body, AddJobOptions? options = null, CancellationToken cancellation = default) =>
        inner.AddJobAsync(queue, body, options, cancellation);

    public virtual Task<IReadOnlyList<Job>> GetJobsAsync(IReadOnlyList<string> queues, int count = 1, TimeSpan? timeout = null,
        bool noHang = false, bool withCounters = false, CancellationToken cancellation = default) =>
        inner.GetJobsAsync(queues, count, timeout, noHang, withCounters, cancellation);

    public virtual Task<int> AckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => inner.AckAsync(ids, cancellation);

    public virtual Task<IReadOnlyList<JobOutcome>> WaitJobsAsync(IReadOnlyList<string> ids, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        inner.WaitJobsAsync(ids, timeout, cancellation);

    public virtual Task<int> FastAckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => inner.FastAckAsync(ids, cancellation);

    public virtual Task<int> NackAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => inner.NackAsync(ids, cancellation);

    public virtual Task<int> WorkingAsync(string id, CancellationToken cancellation = default) => inner.WorkingAsync(id, cancellation);

    public virtual Task<long> QLenAsync(string queue, CancellationToken cancellation = default) => inner.QLenAsync(queue, cancellation);

    public virtual Task<QueueDetails?> QStatAsync(string queue, CancellationToken cancellation = default) => inner.QStatAsync(queue, cancellation);

    public virtual Task<IReadOnlyList<Job>> QPeekAsync(string queue, long count, CancellationToken cancellation = default) => inner.QPeekAsync(queue, count, cancellation);

    public virtual Task<JobDetails?> ShowAsync(string id, CancellationToken cancellation = default) => inner.ShowAsync(id, cancellation);

    public virtual Task<bool> HasFailurePolicyAsync(CancellationToken cancellation = default) => inner.HasFailurePolicyAsync(cancellation);

    public virtual Task<int> NackJobAsync(IReadOnlyCollection<string> ids, TimeSpan? delay = null, string? reason = null, CancellationToken cancellation = default) =>
        inner.NackJobAsync(ids, delay, reason, cancellation);

    public virtual Task<int> FailJobAsync(IReadOnlyCollection<string> ids, string? reason = null, CancellationToken cancellation = default) =>
        inner.FailJobAsync(ids, reason, cancellation);

    public virtual Task<int> ReviveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => inner.ReviveAsync(ids, cancellation);

    public virtual Task<int> ReviveQueueAsync(string deadLetterQueue, CancellationToken cancellation = default) => inner.ReviveQueueAsync(deadLetterQueue, cancellation);
}

/// <summary>
/// The gateway as a real Disque would be to the worker host: no failure policy, and Disque's
/// -ERR unknown command for NACKJOB, FAILJOB and REVIVE, should anything send them.
/// </summary>
internal sealed class PlainDisqueClient(IDisqueClient inner) : DelegatingClient(inner)
{
    public override Task<bool> HasFailurePolicyAsync(CancellationToken cancellation = default) => Task.FromResult(false);

    public override Task<int> NackJobAsync(IReadOnlyCollection<string> ids, TimeSpan? delay = null, string? reason = null, CancellationToken cancellation = default) => Unknown("nackjob");

    public override Task<int> FailJobAsync(IReadOnlyCollection<string> ids, string? reason = null, CancellationToken cancellation = default) => Unknown("failjob");

    public override Task<int> ReviveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => Unknown("revive");

    public override Task<int> ReviveQueueAsync(string deadLetterQueue, CancellationToken cancellation = default) => Unknown("revive");

    private static Task<int> Unknown(string command) => Task.FromException<int>(DisqueException.FromLine($"ERR unknown command '{command}'"));
}
