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
            var moved = await Store(1).HandOff();
            Assert.InRange(moved, 1, 19);
        }
        // The refusing silo was told to drop them; handed to it again, it must not answer for what it dropped.
        await Store(1).HandOff();

        var seen = new List<JobId>();
        for (var silo = 0; silo < 3; silo++)
            while ((await fixture.Node(silo).GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 100 })).Value is { } jobs)
                seen.AddRange(jobs.Select(j => j.Job.Id));
        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(20, await fixture.Node(0).Ack([.. ids]));
    }
}
