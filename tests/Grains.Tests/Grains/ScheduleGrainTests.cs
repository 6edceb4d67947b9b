using Disque.Wire;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace Disque.Tests.Grains;

/// <summary>Three silos whose job clock (the schedules' too) is this fixture's own, so moving it disturbs no other test.</summary>
public sealed class ScheduleFixture : ClusterFixture
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 0, 0, 30, TimeSpan.Zero));

    protected override short Silos => 3;

    public override FakeTimeProvider Clock => _clock;
}

/// <summary>
/// Schedules as grains on three in-process silos, their time on a FakeTimeProvider: a job
/// per occurrence as the clock moves, missed occurrences skipped or caught up once,
/// NOOVERLAP, PAUSE / RESUME / DEL, LIST. Firing across the loss of a silo is in
/// <see cref="ScheduleFailoverTests"/> (a cluster of its own).
/// </summary>
public sealed class ScheduleGrainTests(ScheduleFixture fixture) : IClassFixture<ScheduleFixture>
{
    private static ScheduleSpec Spec(string name, string cron = "* * * * *", MissedPolicy missed = MissedPolicy.Skip, bool noOverlap = false) =>
        ScheduleProbe.Spec(name, cron, missed, noOverlap);

    private static string Stamped(DateTimeOffset occurrence) => ScheduleProbe.Stamped(occurrence);

    private static DateTimeOffset MinuteAfter(DateTimeOffset t) => ScheduleProbe.MinuteAfter(t);

    private IGrainFactory Grains => fixture.Cluster.Client;

    private static string NewName(string what) => $"{what}-{Guid.NewGuid():N}";

    private ISchedule Schedule(string name) => Grains.GetGrain<ISchedule>(name);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private async Task<ScheduleInfo> Set(ScheduleSpec spec)
    {
        Assert.True((await Schedule(spec.Name).Set(spec)).Value);
        return (await Schedule(spec.Name).Show())!;
    }

    private Task FiredFor(string name, DateTimeOffset occurrence) => ScheduleProbe.FiredFor(Grains, name, occurrence);

    private Task<List<string>> Bodies(string queue) => ScheduleProbe.Bodies(fixture.Node(0), queue);

    [Fact]
    public async Task Each_occurrence_adds_one_job_as_the_clock_moves()
    {
        var name = NewName("minutely");
        var shown = await Set(Spec(name));
        var first = MinuteAfter(Now);
        Assert.Equal([first, first.AddMinutes(1), first.AddMinutes(2)], shown.Next);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await FiredFor(name, first);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await FiredFor(name, first.AddMinutes(1));

        Assert.Equal([Stamped(first), Stamped(first.AddMinutes(1))], (await Bodies(name)).Order());
        var info = (await Schedule(name).Show())!;
        Assert.NotNull(info.LastJobId);
        Assert.Equal(JobState.Queued, (await fixture.Node(0).Show(info.LastJobId!.Value))!.State);
    }

    [Theory]
    [InlineData(MissedPolicy.Skip, 1)]
    [InlineData(MissedPolicy.CatchUp, 2)]
    public async Task Occurrences_missed_by_more_than_a_minute_are_skipped_or_caught_up_once(MissedPolicy missed, int jobs)
    {
        var name = NewName("missed");
        await Set(Spec(name, missed: missed));
        var first = MinuteAfter(Now);

        // Ten minutes pass between two looks at the clock, as when the cluster was down.
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var onTime = MinuteAfter(Now).AddMinutes(-1);
        await FiredFor(name, onTime);

        var expected = missed == MissedPolicy.CatchUp ? new[] { Stamped(first), Stamped(onTime) } : [Stamped(onTime)];
        Assert.Equal(jobs, expected.Length);
        Assert.Equal(expected, (await Bodies(name)).Order());
    }

    [Fact]
    public async Task NOOVERLAP_adds_nothing_while_the_last_job_is_not_acknowledged()
    {
        var name = NewName("nooverlap");
        await Set(Spec(name, noOverlap: true));
        var first = MinuteAfter(Now);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await FiredFor(name, first);
        var job = (await Schedule(name).Show())!.LastJobId!.Value;

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await Wait.Until(async () => (await Schedule(name).Show())!.LastError?.StartsWith("NOOVERLAP", StringComparison.Ordinal) == true, what: "the overlap is told");
        Assert.Single(await Bodies(name));

        Assert.Equal(1, await fixture.Node(0).Ack([job]));
        var third = MinuteAfter(Now);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await FiredFor(name, third);
        Assert.Contains(Stamped(third), await Bodies(name));
    }

    [Fact]
    public async Task Occurrences_while_paused_are_not_added_and_DEL_forgets_the_schedule()
    {
        var name = NewName("paused");
        await Set(Spec(name));
        Assert.True(await Schedule(name).Pause());
        var paused = (await Schedule(name).Show())!;
        Assert.True(paused.Paused);
        Assert.Empty(paused.Next);

        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.True(await Schedule(name).Resume());
        var next = MinuteAfter(Now);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await FiredFor(name, next);
        Assert.Equal([Stamped(next)], await Bodies(name));

        Assert.Contains(name, await Grains.GetGrain<ISchedules>(0).List());
        Assert.True(await Schedule(name).Delete());
        Assert.False(await Schedule(name).Delete());
        Assert.False(await Schedule(name).Pause());
        Assert.Null(await Schedule(name).Show());
        Assert.DoesNotContain(name, await Grains.GetGrain<ISchedules>(0).List());
    }

    [Fact]
    public async Task SET_replaces_a_schedule_and_refuses_bad_input()
    {
        var name = NewName("replaced");
        await Set(Spec(name));
        Assert.False((await Schedule(name).Set(Spec(name, cron: "0 12 * * *"))).Value);
        Assert.Equal("0 12 * * *", (await Schedule(name).Show())!.Spec.Cron);

        Assert.Equal(DisqueError.UnknownTimeZone("Nowhere/Land"), (await Schedule(name).Set(Spec(name) with { TimeZone = "Nowhere/Land" })).Error);
        Assert.StartsWith("invalid cron expression", (await Schedule(name).Set(Spec(name, cron: "* *"))).Error!.Message, StringComparison.Ordinal);
        var atMostOnce = Spec(name) with { Template = Spec(name).Template with { Replicate = 0, RetrySeconds = 0 } };
        Assert.Equal(DisqueError.AtMostOnceReplicate, (await Schedule(name).Set(atMostOnce)).Error);
        Assert.Equal("0 12 * * *", (await Schedule(name).Show())!.Spec.Cron);
    }

    [Fact]
    public async Task Every_silo_s_book_holds_every_schedule()
    {
        var name = NewName("booked");
        await Set(Spec(name));

        foreach (var silo in fixture.Cluster.Silos.Where(s => s.IsActive))
        {
            var record = await Grains.GetGrain<IScheduleBook>(silo.SiloAddress.ToParsableString()).Get(name);
            Assert.Equal("* * * * *", record?.Spec.Cron);
        }
    }

    [Fact]
    public async Task A_schedule_that_finds_a_newer_copy_on_the_books_takes_it_up()
    {
        var name = NewName("stale");
        await Set(Spec(name));
        var silos = fixture.Cluster.Silos.Where(s => s.IsActive).Select(s => Grains.GetGrain<IScheduleBook>(s.SiloAddress.ToParsableString())).ToList();
        var kept = (await silos[0].Get(name))!;
        // As if another activation (this one having read an old copy) had changed it since.
        var newer = kept with { Version = kept.Version + 10, Spec = kept.Spec with { Cron = "0 12 * * *" } };
        foreach (var book in silos)
            Assert.Equal(newer.Version, await book.Put(newer));

        await Assert.ThrowsAnyAsync<Exception>(() => Schedule(name).Pause());
        Assert.Equal("0 12 * * *", (await Schedule(name).Show())!.Spec.Cron);
        Assert.True(await Schedule(name).Pause());
        Assert.Equal(newer.Version + 1, (await silos[1].Get(name))!.Version);
    }
}
