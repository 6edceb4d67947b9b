using System.Net;
using Disque.Domain;
using Disque.Tests.Grains;
using Disque.Wire;
using Orleans.Runtime;

namespace Disque.Tests.Races;

/// <summary>
/// The same offer arriving twice (a repeated message) gets the first answer, found by the
/// simulation once its ledger knew which deliveries reached a consumer (memory seed 22, durable
/// seed 7): a consumer took the job from the first, the repeat found nobody waiting and answered
/// 'not taken', that answer reached the offerer first and it queued the job again while the
/// consumer held it. Nor may a repeat hand the job to a second consumer. A new delivery of the
/// job (another tag) is a new offer, and it does not make the store forget the first: a repeat
/// of the first arriving after the second was handed a second consumer (durable seed 2229).
/// </summary>
[Collection(OneSiloCollection.Name)]
public sealed class RepeatedOfferTests(ClusterFixture fixture)
{
    /// <summary>The silo offering the jobs: one this silo never heard of (not declared dead).</summary>
    private static readonly SiloAddress Offerer = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1), 1);

    private static readonly JobIdGenerator Ids = new(0x0ffe7ed);

    private IJobStore Store => fixture.Cluster.Client.GetGrain<IJobStore>(fixture.Cluster.Silos[0].SiloAddress.ToParsableString());

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static QueuedJob Delivery(JobId id, long tag) => new(id, [1], 0, 0, 0, tag);

    private async Task<Task<Delivery[]?>> Blocked(string queue)
    {
        var waiting = Store.Wait([queue], 30_000, Guid.NewGuid());
        await Wait.Until(async () => await Blocking(queue) == 1, 10, "the consumer to block");
        return waiting;
    }

    private async Task<long?> Blocking(string queue) => (await Store.QueuePart(queue))?.Blocked;

    [Fact]
    public async Task A_repeat_of_an_offer_a_consumer_took_is_answered_taken_and_reaches_no_other_consumer()
    {
        var queue = NewQueue();
        var id = Ids.Next(60, 1);
        var first = await Blocked(queue);
        Assert.Empty(await Store.Offer(queue, [Delivery(id, tag: 7)], Offerer));
        Assert.Equal(id, Assert.Single((await first)!).Job.Id);

        var second = await Blocked(queue);
        Assert.Empty(await Store.Offer(queue, [Delivery(id, tag: 7)], Offerer));
        Assert.Equal(1L, await Blocking(queue));

        Assert.Empty(await Store.Offer(queue, [Delivery(id, tag: 8)], Offerer));
        Assert.Equal(8, Assert.Single((await second)!).Job.DeliveryTag);
    }

    [Fact]
    public async Task A_repeat_of_an_offer_nobody_took_is_refused_though_a_consumer_waits_now()
    {
        var queue = NewQueue();
        var id = Ids.Next(60, 1);
        Assert.Equal([id], await Store.Offer(queue, [Delivery(id, tag: 3)], Offerer));

        var waiting = await Blocked(queue);
        Assert.Equal([id], await Store.Offer(queue, [Delivery(id, tag: 3)], Offerer));
        Assert.Equal(1L, await Blocking(queue));

        Assert.Empty(await Store.Offer(queue, [Delivery(id, tag: 4)], Offerer));
        Assert.Equal(4, Assert.Single((await waiting)!).Job.DeliveryTag);
    }

    [Fact]
    public async Task A_repeat_of_an_offer_arriving_after_a_newer_offer_of_the_job_reaches_no_other_consumer()
    {
        var queue = NewQueue();
        var id = Ids.Next(60, 1);
        var first = await Blocked(queue);
        Assert.Empty(await Store.Offer(queue, [Delivery(id, tag: 1)], Offerer));
        Assert.Equal(1, Assert.Single((await first)!).Job.DeliveryTag);
        var second = await Blocked(queue);
        Assert.Empty(await Store.Offer(queue, [Delivery(id, tag: 2)], Offerer));
        Assert.Equal(2, Assert.Single((await second)!).Job.DeliveryTag);

        var third = await Blocked(queue);
        Assert.Empty(await Store.Offer(queue, [Delivery(id, tag: 1)], Offerer));
        Assert.Equal(1L, await Blocking(queue));
        Assert.False(third.IsCompleted);
    }
}
