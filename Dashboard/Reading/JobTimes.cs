using Disque.Client;

namespace Disque.Dashboard.Reading;

/// <summary>A job's times as SHOW gives them (ctime in ns, ttl and delay in s), made dates.</summary>
internal static class JobTimes
{
    /// <summary>SHOW's ctime is Unix milliseconds times a million.</summary>
    public static DateTimeOffset Created(JobDetails job) => DateTimeOffset.FromUnixTimeMilliseconds(job.CTime / 1_000_000);

    /// <summary>Still waiting out its DELAY: created less than DELAY seconds ago, so never queued yet.</summary>
    public static bool IsDelayed(JobDetails job, DateTimeOffset now) =>
        job.State == "active" && job.DelaySeconds > 0 && Created(job).AddSeconds(job.DelaySeconds) > now;

    public static DateTimeOffset Expires(JobDetails job, DateTimeOffset now) => now.AddSeconds(job.TtlSeconds);

    public static DateTimeOffset? In(long? milliseconds, DateTimeOffset now) => milliseconds is { } ms ? now.AddMilliseconds(ms) : null;
}
