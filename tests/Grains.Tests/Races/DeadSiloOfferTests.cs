using System.Net;
using System.Security.Cryptography;
using Disque.Tests.Grains;
using Disque.Wire;
using Orleans.Runtime;

namespace Disque.Tests.Races;

/// <summary>
/// A silo cut off from the others (and from the membership store) goes on owning its jobs
/// while the others declare it dead, take its copies over, deliver and acknowledge them.
/// When its link comes back, what it offers to consumers waiting elsewhere must not be
/// handed out: PartitionTests saw such a late offer deliver jobs after their ACK.
/// </summary>
public sealed class DeadSiloOfferTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private IJobStore Store(int index) => fixture.Cluster.Client.GetGrain<IJobStore>(fixture.Cluster.Silos[index].SiloAddress.ToParsableString());

    private static QueuedJob Job() => new(JobId.Parse("D-0badcafe-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)) + "-05a1"), [1], 0, 0, 0);

    [Fact]
    public async Task A_job_offered_by_a_silo_membership_declared_dead_is_refused_and_one_from_a_living_silo_taken()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N");
        var dead = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1), 1);
        var waiting = Store(0).Wait([queue], 10_000, Guid.NewGuid());
        await Wait.Until(async () => (await Store(0).QueuePart(queue))?.Blocked == 1, 10, "the consumer to block on silo 0");

        var late = Job();
        Assert.Equal([late.Id], await Store(0).Offer(queue, [late], dead));
        Assert.False(waiting.IsCompleted);

        var offered = Job();
        Assert.Empty(await Store(0).Offer(queue, [offered], fixture.Cluster.Silos[1].SiloAddress));
        var delivered = Assert.Single((await waiting)!);
        Assert.Equal(offered.Id, delivered.Job.Id);
    }
}
