namespace Disque.Client.Tests.Workers;

/// <summary>
/// A client whose WORKING reaches the node <paramref name="lateBy"/> after it was sent,
/// as over a slow link, while every other command goes at once: a WORKING sent just
/// before a NACK then lands after it, unless the caller waits for it.
/// </summary>
internal sealed class LateWorkingClient(IDisqueClient inner, TimeSpan lateBy) : IDisqueClient
{
    private int _sent;
    private int _landed;

    /// <summary>WORKINGs sent, and how many of them have reached the node and been answered.</summary>
    public (int Sent, int Landed) Workings => (Volatile.Read(ref _sent), Volatile.Read(ref _landed));

    public async Task<int> WorkingAsync(string id, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref _sent);
        var landing = Land(id);
        return await landing.WaitAsync(cancellation);
    }

    /// <summary>On the wire already: the caller cannot call it back.</summary>
    private async Task<int> Land(string id)
    {
        try
        {
            await Task.Delay(lateBy, CancellationToken.None);
            return await inner.WorkingAsync(id, CancellationToken.None);
        }
        finally
        {
            Interlocked.Increment(ref _landed);
        }
    }

    public Task<string> AddJobAsync(string queue, ReadOnlyMemory<byte> body, AddJobOptions? options = null, CancellationToken cancellation = default) =>
        inner.AddJobAsync(queue, body, options, cancellation);

    public Task<IReadOnlyList<Job>> GetJobsAsync(IReadOnlyList<string> queues, int count = 1, TimeSpan? timeout = null,
        bool noHang = false, bool withCounters = false, CancellationToken cancellation = default) =>
        inner.GetJobsAsync(queues, count, timeout, noHang, withCounters, cancellation);

    public Task<int> AckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => inner.AckAsync(ids, cancellation);

    public Task<IReadOnlyList<JobOutcome>> WaitJobsAsync(IReadOnlyList<string> ids, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        inner.WaitJobsAsync(ids, timeout, cancellation);

    public Task<int> FastAckAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => inner.FastAckAsync(ids, cancellation);

    public Task<int> NackAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default) => inner.NackAsync(ids, cancellation);

    public Task<long> QLenAsync(string queue, CancellationToken cancellation = default) => inner.QLenAsync(queue, cancellation);

    public Task<QueueDetails?> QStatAsync(string queue, CancellationToken cancellation = default) => inner.QStatAsync(queue, cancellation);

    public Task<IReadOnlyList<Job>> QPeekAsync(string queue, long count, CancellationToken cancellation = default) => inner.QPeekAsync(queue, count, cancellation);

    public Task<JobDetails?> ShowAsync(string id, CancellationToken cancellation = default) => inner.ShowAsync(id, cancellation);
}
