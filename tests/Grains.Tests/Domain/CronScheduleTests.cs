using Disque.Domain;

namespace Disque.Tests.Domain;

/// <summary>Cron expressions read in a time zone, across Europe/Berlin's DST changes of 2026 (29 March: 02:00 → 03:00; 25 October: 03:00 → 02:00).</summary>
public class CronScheduleTests
{
    private static CronSchedule Berlin(string cron) => CronSchedule.Parse(cron, "Europe/Berlin").Value!;

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_daily_time_keeps_its_local_hour_when_clocks_go_forward()
    {
        var next = Berlin("0 9 * * *").Next(Utc("2026-03-27T12:00:00Z"), 3);

        // 09:00 CET is 08:00 UTC; 09:00 CEST, from 29 March on, is 07:00 UTC.
        Assert.Equal([Utc("2026-03-28T08:00:00Z"), Utc("2026-03-29T07:00:00Z"), Utc("2026-03-30T07:00:00Z")], next);
    }

    [Fact]
    public void A_time_in_the_spring_gap_fires_once_just_after_it()
    {
        var next = Berlin("30 2 * * *").Next(Utc("2026-03-28T12:00:00Z"), 2);

        // 02:30 does not exist on 29 March: it fires at 03:00 CEST (01:00 UTC), then at 02:30 CEST the day after.
        Assert.Equal([Utc("2026-03-29T01:00:00Z"), Utc("2026-03-30T00:30:00Z")], next);
    }

    [Fact]
    public void A_time_repeated_in_autumn_fires_once()
    {
        var next = Berlin("30 2 * * *").Next(Utc("2026-10-24T12:00:00Z"), 2);

        // 02:30 happens twice on 25 October (CEST, then CET): fired at the first only.
        Assert.Equal([Utc("2026-10-25T00:30:00Z"), Utc("2026-10-26T01:30:00Z")], next);
    }

    [Fact]
    public void An_hourly_schedule_fires_in_both_repeated_hours()
    {
        var next = Berlin("0 * * * *").Next(Utc("2026-10-24T23:30:00Z"), 4);

        Assert.Equal([Utc("2026-10-25T00:00:00Z"), Utc("2026-10-25T01:00:00Z"), Utc("2026-10-25T02:00:00Z"), Utc("2026-10-25T03:00:00Z")], next);
    }

    [Fact]
    public void Six_fields_name_seconds_first()
    {
        var cron = CronSchedule.Parse("*/15 * * * * *", "UTC").Value!;

        Assert.True(cron.HasSeconds);
        Assert.Equal([Utc("2026-01-01T00:00:15Z"), Utc("2026-01-01T00:00:30Z")], cron.Next(Utc("2026-01-01T00:00:00Z"), 2));
    }

    [Fact]
    public void Between_takes_the_end_but_not_the_start()
    {
        var cron = CronSchedule.Parse("* * * * *", "UTC").Value!;

        Assert.Equal([Utc("2026-01-01T00:01:00Z"), Utc("2026-01-01T00:02:00Z")], cron.Between(Utc("2026-01-01T00:00:00Z"), Utc("2026-01-01T00:02:00Z")));
    }

    [Theory]
    [InlineData("* * *", "invalid cron expression '* * *': 3 fields, expected 5 (minute hour day month weekday) or 6 (second first)")]
    [InlineData("* * * * * * *", "invalid cron expression '* * * * * * *': 7 fields, expected 5 (minute hour day month weekday) or 6 (second first)")]
    [InlineData("61 * * * *", "invalid cron expression '61 * * * *': ")]
    [InlineData("* * * * mon-xyz", "invalid cron expression '* * * * mon-xyz': ")]
    public void A_bad_expression_is_refused_with_its_reason(string cron, string message)
    {
        var error = CronSchedule.Parse(cron, "UTC").Error!;

        Assert.Equal("ERR", error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        Assert.Equal("ERR unknown time zone 'Mars/Olympus_Mons'", CronSchedule.Parse("* * * * *", "Mars/Olympus_Mons").Error!.ToString());
    }

    [Fact]
    public void A_date_that_never_comes_has_no_next_occurrence()
    {
        Assert.Null(CronSchedule.Parse("0 0 30 2 *", "UTC").Value!.Next(Utc("2026-01-01T00:00:00Z")));
    }
}
