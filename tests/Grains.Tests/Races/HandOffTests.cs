using Disque.Domain;
using Disque.Tests.Grains;
using Disque.Wire;
using Orleans.Runtime;

namespace Disque.Tests.Races;

/// <summary>
/// A silo's hand-off (CLUSTER LEAVING, SIGTERM) when a newcomer refuses its copies: the
/// refused jobs stay where they were, and a later hand-off to that silo, which was told
/// to drop what it refused, moves them only if it takes them.
/// </summary>
public sealed class HandOffTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private SiloAddress Silo(int index) => fixture.Cluster.Silos[index].SiloAddress;

    private IJobStore Store(int index) => fixture.Cluster.Client.GetGrain<IJobStore>(Silo(index).ToParsableString());

    [Fact]
    public async Task Jobs_a_newcomer_refused_stay_and_are_never_handed_to_it_blindly_later()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N");
        var added = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            fixture.Node(1).AddJob(new JobSpec { Queue = queue, Body = [1], Replicate = 1, RetrySeconds = 30 }).AsTask()));
        var ids = added.Select(a => a.Value).ToHashSet();

        using (Faults.Throw(Silo(2), nameof(IJobStore.Replicate)))
        {
            // Every other job goes to the refusing silo: those stay on silo 1.
            var moved = await Store(1).HandOff(TimeSpan.FromSeconds(25));
            Assert.InRange(moved, 1, 19);
        }
        // The refusing silo was told to drop them; handed to it again, it must not answer for what it dropped.
        await Store(1).HandOff(TimeSpan.FromSeconds(25));

        var seen = new List<JobId>();
        for (var silo = 0; silo < 3; silo++)
            while ((await fixture.Node(silo).GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 100 })).Value is { } jobs)
                seen.AddRange(jobs.Select(j => j.Job.Id));
        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(20, await fixture.Node(0).Ack([.. ids]));
    }

    [Fact]
    public async Task While_its_copies_move_no_other_silo_hands_a_job_out_and_afterwards_one_does_once()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N");
        var added = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            fixture.Node(1).AddJob(new JobSpec { Queue = queue, Body = [1], Replicate = 2, RetrySeconds = 30 }).AsTask()));
        Assert.All(added, a => Assert.Null(a.Error));
        var ids = added.Select(a => a.Value).ToHashSet();

        Task<int> handOff;
        using (Faults.Delay(Silo(2), nameof(IJobStore.Replicate), TimeSpan.FromSeconds(2)))
        {
            handOff = Store(1).HandOff(TimeSpan.FromSeconds(25));
            // The other holders hold their copies now, but the move is not decided: nobody queues them.
            await Wait.Until(async () => (await Task.WhenAll(ids.Select(id => Store(0).Show(id)))).All(j => j is not null), what: "silo 0 holds every copy");
            for (var silo = 0; silo < 3; silo += 2)
                Assert.Null((await fixture.Node(silo).GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 100 })).Value);
            Assert.False(handOff.IsCompleted);
        }
        Assert.Equal(10, await handOff);

        // Each job is handed out once (long before its RETRY), by its new owner.
        var seen = new List<JobId>();
        await Wait.Until(async () =>
        {
            for (var silo = 0; silo < 3; silo++)
                if ((await fixture.Node(silo).GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 100 })).Value is { } jobs)
                    seen.AddRange(jobs.Select(j => j.Job.Id));
            return seen.Count >= ids.Count;
        }, what: "every job delivered");
        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(10, await fixture.Node(0).Ack([.. ids]));
    }
}
