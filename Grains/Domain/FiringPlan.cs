namespace Disque.Domain;

/// <summary>
/// What a schedule adds when it looks at the clock: every occurrence after the last one it
/// accounted for, up to now. Occurrences reached at most <see cref="Grace"/> late are on
/// time and each adds its job (a silo lost a few seconds ago only delays them); older ones
/// were missed (the cluster was down, or nobody ran the schedule for that long) and add
/// nothing under MISSED skip, or one job for them all under MISSED catchup. Either way,
/// afterwards every occurrence up to now is accounted for, so none is looked at twice.
/// </summary>
public readonly record struct FiringPlan(DateTimeOffset[] OnTime, DateTimeOffset? FirstMissed, DateTimeOffset? CatchUp)
{
    /// <summary>
    /// How late an occurrence may be reached and still fire: a minute, the granularity of the
    /// reminders that wake a schedule nobody runs.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public static FiringPlan Nothing { get; } = new([], null, null);

    /// <summary>The occurrences, oldest first, that this plan adds a job for (the catch-up one first).</summary>
    public IEnumerable<DateTimeOffset> Jobs => CatchUp is { } c ? OnTime.Prepend(c) : OnTime;

    public bool IsEmpty => OnTime.Length == 0 && FirstMissed is null;

    public static FiringPlan At(CronSchedule cron, DateTimeOffset accountedTo, DateTimeOffset now, MissedPolicy missed)
    {
        if (cron.Next(accountedTo) is not { } first || first > now)
            return Nothing;
        var onTimeFrom = now - Grace > accountedTo ? now - Grace : accountedTo;
        var onTime = cron.Between(onTimeFrom, now).ToArray();
        DateTimeOffset? firstMissed = onTime.Length > 0 && onTime[0] == first ? null : first;
        var catchUp = missed == MissedPolicy.CatchUp ? firstMissed : null;
        return new FiringPlan(onTime, firstMissed, catchUp);
    }
}
