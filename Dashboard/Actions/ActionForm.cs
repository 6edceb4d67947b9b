using System.Globalization;

namespace Disque.Dashboard.Actions;

/// <summary>
/// Reads an action from the fields of a form or a link (<c>do</c>, then its arguments):
/// the confirmation page shows it from the link, the confirmed form runs it.
/// </summary>
internal static class ActionForm
{
    public static (DashboardAction? Action, string? Error) Read(Func<string, string?> field)
    {
        string Text(string name) => field(name)?.Trim() ?? "";
        var queue = Text("queue");
        var id = Text("id");
        switch (Text("do"))
        {
            case "pause":
                var state = Text("state").ToLowerInvariant();
                if (queue.Length == 0 || !PauseQueue.States.Contains(state))
                    return (null, "A pause needs a queue and one of in, out, all, none.");
                return (new PauseQueue(queue, state), null);
            case "addjob":
                if (queue.Length == 0)
                    return (null, "A new job needs a queue.");
                var options = AddJob.OptionNames.Select(o => (Option: o, Value: Text(o))).Where(o => o.Value.Length > 0).ToList();
                var bad = options.FirstOrDefault(o => !long.TryParse(o.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _));
                if (bad.Option is not null)
                    return (null, $"{bad.Option.ToUpperInvariant()} must be a whole number of {(bad.Option == "replicate" ? "copies" : "seconds")}.");
                return (new AddJob(queue, field("body") ?? "", options), null);
            case "move":
                var target = Text("target");
                if (queue.Length == 0 || target.Length == 0)
                    return (null, "Moving jobs needs the queue they are in and the queue they go to.");
                if (queue == target)
                    return (null, "The jobs would go back where they are: choose another queue.");
                if (!int.TryParse(Text("count"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max is < 1 or > MoveJobs.Largest)
                    return (null, $"How many jobs to move: a number from 1 to {MoveJobs.Largest}.");
                return (new MoveJobs(queue, target, max), null);
            case var command when DeadLetterCommand.Names.Contains(command):
                if (queue.Length == 0 || (command != DeadLetterCommand.ReviveAll && id.Length == 0))
                    return (null, "This action needs a dead-letter queue and, but to revive them all, a job id.");
                return (new DeadLetterCommand(command, queue, command == DeadLetterCommand.ReviveAll ? "" : id), null);
            case var command when ScheduleCommand.Subcommands.ContainsKey(command):
                var schedule = Text("schedule");
                if (schedule.Length == 0)
                    return (null, "This action needs a schedule's name.");
                return (new ScheduleCommand(command, schedule), null);
            case var command when JobCommand.Names.Contains(command):
                if (id.Length == 0)
                    return (null, "This action needs a job id.");
                return (new JobCommand(command, id, queue), null);
            default:
                return (null, "No such action.");
        }
    }
}
