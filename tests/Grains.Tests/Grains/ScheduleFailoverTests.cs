using Disque.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace Disque.Tests.Grains;

/// <summary>
/// A schedule whose silo is killed goes on firing on another, and fires no occurrence
/// twice: a cluster of its own, since it loses a silo. The first silo holds the test
/// cluster's membership, so the schedule is put on another one.
/// </summary>
public sealed class ScheduleFailoverTests : IAsyncLifetime
{
    private readonly ScheduleFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private FakeTimeProvider Clock => _fixture.Clock;

    [Fact]
    public async Task A_schedule_fires_on_after_its_silo_is_killed_and_no_occurrence_twice()
    {
        var grains = _fixture.Cluster.Client;
        var management = grains.GetGrain<IManagementGrain>(0);
        // A name whose schedule activates on a silo that is not the first.
        string name;
        SiloAddress? home;
        do
        {
            name = "failover-" + Guid.NewGuid().ToString("N");
            await grains.GetGrain<ISchedule>(name).Wake();
            home = await management.GetActivationAddress(grains.GetGrain<ISchedule>(name));
        }
        while (home is null || home.Equals(_fixture.Cluster.Silos[0].SiloAddress));
        Assert.True((await grains.GetGrain<ISchedule>(name).Set(ScheduleProbe.Spec(name))).Value);
        var first = ScheduleProbe.MinuteAfter(Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromMinutes(1));
        await ScheduleProbe.FiredFor(grains, name, first);

        var victim = _fixture.Cluster.Silos.Single(s => s.SiloAddress.Equals(home));
        await _fixture.Cluster.KillSiloAsync(victim);
        await Wait.Until(() => _fixture.Cluster.Silos.Where(s => s.IsActive).All(s =>
            !_fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ClusterView>().IsAlive(home)),
            what: "every other silo sees the schedule's silo gone");
        Clock.Advance(TimeSpan.FromMinutes(1));
        // Nothing here calls the schedule: the silos' books wake it.
        await Wait.Until(async () => (await ScheduleProbe.Bodies(_fixture.Node(0), name)).Contains(ScheduleProbe.Stamped(first.AddMinutes(1))), seconds: 30,
            what: "the next occurrence's job, added on another silo");

        Assert.NotEqual(home, await management.GetActivationAddress(grains.GetGrain<ISchedule>(name)));
        Assert.Equal([ScheduleProbe.Stamped(first), ScheduleProbe.Stamped(first.AddMinutes(1))], (await ScheduleProbe.Bodies(_fixture.Node(0), name)).Order());
    }
}
