using Disque.Domain;

namespace Disque.Tests.Domain;

/// <summary>What a schedule adds when it looks at the clock: on-time occurrences each, missed ones skipped or caught up once.</summary>
public class FiringPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CronSchedule EveryMinute = CronSchedule.Parse("* * * * *", "UTC").Value!;
    private static readonly CronSchedule EverySecond = CronSchedule.Parse("* * * * * *", "UTC").Value!;

    private static FiringPlan Plan(CronSchedule cron, TimeSpan late, MissedPolicy missed = MissedPolicy.Skip) => FiringPlan.At(cron, T0, T0 + late, missed);

    [Fact]
    public void Nothing_is_due_before_the_next_occurrence()
    {
        Assert.True(Plan(EveryMinute, TimeSpan.FromSeconds(59)).IsEmpty);
    }

    [Fact]
    public void An_occurrence_reached_on_time_adds_its_job()
    {
        var plan = Plan(EveryMinute, TimeSpan.FromSeconds(61));

        Assert.Equal([T0.AddMinutes(1)], plan.Jobs);
        Assert.Null(plan.FirstMissed);
    }

    [Fact]
    public void Occurrences_reached_less_than_a_minute_late_each_add_a_job()
    {
        // A per-second schedule whose silo was lost for 5 s: late, none lost.
        var plan = Plan(EverySecond, TimeSpan.FromSeconds(5.5));

        Assert.Equal(Enumerable.Range(1, 5).Select(s => T0.AddSeconds(s)), plan.Jobs);
        Assert.Null(plan.FirstMissed);
    }

    [Fact]
    public void Under_skip_occurrences_more_than_a_minute_late_add_nothing()
    {
        var plan = Plan(EveryMinute, TimeSpan.FromMinutes(10.5));

        Assert.Equal([T0.AddMinutes(10)], plan.Jobs);
        Assert.Equal(T0.AddMinutes(1), plan.FirstMissed);
        Assert.Null(plan.CatchUp);
    }

    [Fact]
    public void Under_catchup_the_missed_occurrences_add_one_job_first()
    {
        var plan = Plan(EveryMinute, TimeSpan.FromMinutes(10.5), MissedPolicy.CatchUp);

        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(10)], plan.Jobs);
        Assert.Equal(T0.AddMinutes(1), plan.CatchUp);
    }

    [Fact]
    public void Missed_occurrences_with_none_on_time_still_catch_up_once()
    {
        var hourly = CronSchedule.Parse("0 * * * *", "UTC").Value!;

        Assert.Empty(Plan(hourly, TimeSpan.FromHours(5.5)).Jobs);
        Assert.Equal([T0.AddHours(1)], Plan(hourly, TimeSpan.FromHours(5.5), MissedPolicy.CatchUp).Jobs);
    }

    [Fact]
    public void A_long_outage_of_a_per_second_schedule_adds_at_most_a_minute_of_jobs()
    {
        var plan = Plan(EverySecond, TimeSpan.FromDays(3), MissedPolicy.CatchUp);

        Assert.Equal(61, plan.Jobs.Count());
        Assert.Equal(T0.AddSeconds(1), plan.CatchUp);
    }
}
