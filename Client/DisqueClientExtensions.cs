using System.Text;

namespace Disque.Client;

/// <summary>The shorter forms: a text body, one queue, one job id.</summary>
public static class DisqueClientExtensions
{
    /// <summary>ADDJOB with a UTF-8 text body.</summary>
    public static Task<string> AddJobAsync(this IDisqueClient client, string queue, string body, AddJobOptions? options = null, CancellationToken cancellation = default) =>
        client.AddJobAsync(queue, Encoding.UTF8.GetBytes(body), options, cancellation);

    /// <summary>GETJOB COUNT 1 from one queue: the job, or null when none came within <paramref name="timeout"/>.</summary>
    public static async Task<Job?> GetJobAsync(this IDisqueClient client, string queue, TimeSpan? timeout = null, bool withCounters = false, CancellationToken cancellation = default)
    {
        var jobs = await client.GetJobsAsync([queue], 1, timeout, noHang: false, withCounters, cancellation).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public static Task<int> AckAsync(this IDisqueClient client, string id, CancellationToken cancellation = default) => client.AckAsync([id], cancellation);

    public static Task<int> FastAckAsync(this IDisqueClient client, string id, CancellationToken cancellation = default) => client.FastAckAsync([id], cancellation);

    public static Task<int> NackAsync(this IDisqueClient client, string id, CancellationToken cancellation = default) => client.NackAsync([id], cancellation);

    public static Task<int> NackJobAsync(this IDisqueClient client, string id, TimeSpan? delay = null, string? reason = null, CancellationToken cancellation = default) =>
        client.NackJobAsync([id], delay, reason, cancellation);

    public static Task<int> FailJobAsync(this IDisqueClient client, string id, string? reason = null, CancellationToken cancellation = default) =>
        client.FailJobAsync([id], reason, cancellation);

    public static Task<int> ReviveAsync(this IDisqueClient client, string id, CancellationToken cancellation = default) => client.ReviveAsync([id], cancellation);
}
