namespace Disque.Tests.Domain;

/// <summary>Where copies of a schedule's record meet (books, the archive), the newest version wins, tombstones included.</summary>
public class ScheduleRecordTests
{
    private static Disque.Wire.ScheduleRecord Record(string name, long version, bool deleted = false) => new()
    {
        Spec = new ScheduleSpec { Name = name, Cron = "* * * * *", Template = new JobSpec { Queue = "q", Body = [] } },
        Version = version,
        Deleted = deleted,
    };

    [Fact]
    public void The_newest_copy_of_each_schedule_wins()
    {
        var merged = Disque.Schedules.ScheduleReplicas.Merge(
        [
            [Record("a", 3), Record("b", 1)],
            [Record("a", 2), Record("b", 2, deleted: true)],
            [],
            [Record("c", 1)],
        ]).ToDictionary(r => r.Name);

        Assert.Equal((3L, false), (merged["a"].Version, merged["a"].Deleted));
        Assert.Equal((2L, true), (merged["b"].Version, merged["b"].Deleted));
        Assert.Equal(1, merged["c"].Version);
        Assert.Null(Disque.Wire.ScheduleRecord.Newer(null, null));
        Assert.Equal(5, Disque.Wire.ScheduleRecord.Newer(Record("a", 5), Record("a", 4))!.Version);
    }
}
