using Disque.Tests.Grains;
using Disque.Wire;

namespace Disque.Tests.Races;

/// <summary>
/// Issue 18, defect 2: a give-back that arrives after the job was queued again and handed
/// out to another consumer must not put it back: it names the delivery it undoes.
/// </summary>
[Collection(OneSiloCollection.Name)]
public sealed class LateGiveBackTests(ClusterFixture fixture)
{
    private IJobStore Store => fixture.Cluster.Client.GetGrain<IJobStore>(fixture.Cluster.Silos[0].SiloAddress.ToParsableString());

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private async Task<JobId> Add(string queue, int retry)
    {
        var added = await fixture.Node().AddJob(new JobSpec { Queue = queue, Body = [1], RetrySeconds = retry, TtlSeconds = 3600 });
        Assert.Null(added.Error);
        return added.Value;
    }

    [Fact]
    public async Task A_give_back_of_an_older_delivery_leaves_the_current_one_alone()
    {
        var queue = NewQueue();
        var id = await Add(queue, retry: 3);
        var first = Assert.Single(await Store.Take([queue], 1));

        // RETRY passes: queued again, and another consumer takes it.
        await ClusterFixture.Advance(TimeSpan.FromSeconds(4));
        var second = Assert.Single(await Store.Take([queue], 1));
        Assert.Equal(id, second.Job.Id);
        Assert.NotEqual(first.Job.DeliveryTag, second.Job.DeliveryTag);

        // The first delivery's give-back arrives late: ignored.
        await Store.Return([first]);
        Assert.Equal(JobState.Active, (await Store.Show(id))!.State);
        Assert.Empty(await Store.Take([queue], 1));

        // The current delivery's give-back is honoured.
        await Store.Return([second]);
        Assert.Equal(JobState.Queued, (await Store.Show(id))!.State);
        Assert.Equal(id, Assert.Single(await Store.Take([queue], 1)).Job.Id);
    }

    [Fact]
    public async Task A_give_back_after_a_NACK_and_a_new_delivery_is_ignored()
    {
        var queue = NewQueue();
        var id = await Add(queue, retry: 60);
        var first = Assert.Single(await Store.Take([queue], 1));
        Assert.Equal(1, (await Store.Requeue([id], nack: true)).Count);
        Assert.Single(await Store.Take([queue], 1));

        await Store.Return([first]);
        Assert.Equal(JobState.Active, (await Store.Show(id))!.State);
    }
}
