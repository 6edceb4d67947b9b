using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;

namespace Disque.Dashboard.Actions;

/// <summary>SCHEDULE PAUSE, RESUME or DEL of one schedule.</summary>
internal sealed record ScheduleCommand(string Command, string Schedule) : DashboardAction
{
    /// <summary>The form's <c>do</c> values and the SCHEDULE subcommand each runs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Subcommands = new Dictionary<string, string>
    {
        ["schedule-pause"] = "PAUSE",
        ["schedule-resume"] = "RESUME",
        ["schedule-del"] = "DEL",
    };

    private string Subcommand => Subcommands[Command];

    public override string Title => Subcommand switch
    {
        "PAUSE" => $"Pause schedule {Schedule}",
        "RESUME" => $"Resume schedule {Schedule}",
        _ => $"Delete schedule {Schedule}",
    };

    public override string Explanation => Subcommand switch
    {
        "PAUSE" => "The schedule adds no job until it is resumed; the occurrences meanwhile are not added later.",
        "RESUME" => "The schedule adds a job at each occurrence again, from now on.",
        _ => "The schedule is deleted on every node: it adds no more jobs. The jobs it added stay in their queue. This cannot be undone.",
    };

    public override IReadOnlyList<string> Commands => [CommandText.Of(["SCHEDULE", Subcommand, Schedule])];

    public override IReadOnlyDictionary<string, string> Fields => new Dictionary<string, string> { ["do"] = Command, ["schedule"] = Schedule };

    public override string ReturnTo => "/schedules";

    public override async Task<string> Run(DisqueCalls disque, CancellationToken cancellation)
    {
        var client = disque.Client;
        switch (Subcommand)
        {
            case "PAUSE":
                await client.SchedulePauseAsync(Schedule, cancellation).ConfigureAwait(false);
                return $"SCHEDULE PAUSE: schedule {Schedule} paused.";
            case "RESUME":
                await client.ScheduleResumeAsync(Schedule, cancellation).ConfigureAwait(false);
                return $"SCHEDULE RESUME: schedule {Schedule} resumed.";
            default:
                var deleted = await client.ScheduleDeleteAsync(Schedule, cancellation).ConfigureAwait(false);
                return deleted ? $"SCHEDULE DEL: schedule {Schedule} deleted." : $"SCHEDULE DEL: schedule {Schedule} not deleted: it is not known.";
        }
    }
}
