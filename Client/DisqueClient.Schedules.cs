using Disque.Client.Protocol;

namespace Disque.Client;

/// <summary>
/// Recurring schedules (SCHEDULE, Disque.Orleans' own command): a named cron expression that
/// adds a job to a queue at each occurrence, once for the whole cluster. Against a plain
/// Disque these throw its "unknown command" error.
/// </summary>
public sealed partial class DisqueClient
{
    /// <summary>SCHEDULE SET: creates or replaces the schedule; true when it is new.</summary>
    public async Task<bool> ScheduleSetAsync(string name, string cron, string queue, ReadOnlyMemory<byte> body, ScheduleOptions? options = null,
        CancellationToken cancellation = default)
    {
        options ??= ScheduleOptions.Default;
        options.Job?.Validate(queue);
        var command = DisqueCommands.ScheduleSet(name, cron, queue, body, options);
        return DisqueReplies.Integer(await Run(command, repeatable: true, cancellation).ConfigureAwait(false)) == 1;
    }

    /// <summary>SCHEDULE SHOW: null for an unknown schedule.</summary>
    public async Task<ScheduleDetails?> ScheduleShowAsync(string name, CancellationToken cancellation = default) =>
        ScheduleReplies.Show(await Run(Schedule("SHOW", name), repeatable: true, cancellation).ConfigureAwait(false));

    /// <summary>SCHEDULE LIST: every schedule's name, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ScheduleListAsync(CancellationToken cancellation = default) =>
        [.. DisqueReplies.Checked(await Run(Schedule("LIST"), repeatable: true, cancellation).ConfigureAwait(false)).Items.Select(i => i.Text ?? "")];

    /// <summary>SCHEDULE PAUSE: no job is added until it is resumed; a DisqueException for an unknown schedule.</summary>
    public async Task SchedulePauseAsync(string name, CancellationToken cancellation = default) =>
        DisqueReplies.Text(await Run(Schedule("PAUSE", name), repeatable: true, cancellation).ConfigureAwait(false));

    /// <summary>SCHEDULE RESUME: it fires again from now on (occurrences while paused are not added).</summary>
    public async Task ScheduleResumeAsync(string name, CancellationToken cancellation = default) =>
        DisqueReplies.Text(await Run(Schedule("RESUME", name), repeatable: true, cancellation).ConfigureAwait(false));

    /// <summary>SCHEDULE DEL: true when there was such a schedule.</summary>
    public async Task<bool> ScheduleDeleteAsync(string name, CancellationToken cancellation = default) =>
        DisqueReplies.Integer(await Run(Schedule("DEL", name), repeatable: true, cancellation).ConfigureAwait(false)) == 1;

    private static Resp.RespCommand Schedule(params string[] args) => DisqueCommands.WithArgs("SCHEDULE", args);
}
