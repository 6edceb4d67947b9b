namespace Disque.Client;

/// <summary>GETJOB's arguments, checked the same way by every <see cref="IDisqueClient"/> before anything is sent.</summary>
internal static class GetJobsArguments
{
    public static void Validate(IReadOnlyList<string> queues, int count, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(queues);
        if (queues.Count == 0)
            throw new ArgumentException("GETJOB needs at least one queue.", nameof(queues));
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "A GETJOB timeout must be positive; null waits until a job comes, noHang does not wait.");
    }

    /// <summary>Disque's TIMEOUT in ms for what is left of a wait: at least 1, since 0 would mean forever.</summary>
    public static long TimeoutMs(TimeSpan left) => Math.Max(1, (long)Math.Ceiling(left.TotalMilliseconds));
}
