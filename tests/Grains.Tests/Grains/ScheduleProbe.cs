using System.Text;
using Disque.Node;
using Disque.Wire;

namespace Disque.Tests.Grains;

/// <summary>What the schedule tests look at: the jobs a schedule added (WITHTIME: each body names its occurrence) and its last firing.</summary>
internal static class ScheduleProbe
{
    public const string Body = "tick";

    public static ScheduleSpec Spec(string name, string cron = "* * * * *", MissedPolicy missed = MissedPolicy.Skip, bool noOverlap = false) => new()
    {
        Name = name,
        Cron = cron,
        Missed = missed,
        NoOverlap = noOverlap,
        WithTime = true,
        Template = new JobSpec { Queue = name, Body = Encoding.UTF8.GetBytes(Body), Replicate = 2, RetrySeconds = 600 },
    };

    public static string Stamped(DateTimeOffset occurrence) => ScheduleTimes.Stamp(occurrence) + " " + Body;

    /// <summary>The first whole minute after <paramref name="t"/>.</summary>
    public static DateTimeOffset MinuteAfter(DateTimeOffset t) => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    /// <summary>Waits until the schedule's last firing is <paramref name="occurrence"/>.</summary>
    public static Task FiredFor(IGrainFactory grains, string name, DateTimeOffset occurrence) =>
        Wait.Until(async () => (await grains.GetGrain<ISchedule>(name).Show())?.LastOccurrence == occurrence, seconds: 30, what: $"{name} fired for {occurrence:O}");

    /// <summary>The bodies of every job of the queue, on any silo.</summary>
    public static async Task<List<string>> Bodies(DisqueNode node, string queue)
    {
        var bodies = new List<string>();
        var cursor = 0UL;
        do
        {
            (cursor, var jobs) = await node.ScanJobs(cursor, 100, new JobScanFilter { Queue = queue, WithBodies = true });
            bodies.AddRange(jobs.Select(j => Encoding.UTF8.GetString(j.Body!)));
        }
        while (cursor != 0);
        return bodies;
    }
}
