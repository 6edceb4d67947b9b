using System.Diagnostics;
using Disque.Client.Orleans;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Orleans;

/// <summary>Orleans applications and RESP clients on one queue: jobs cross between them both ways.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class OrleansPathTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task Jobs_enqueued_through_grains_are_consumed_over_RESP_and_back()
    {
        var orleans = new OrleansDisqueClient(await gateway.OrleansClient());
        await using var resp = gateway.NewClient();
        var queue = Names.NewQueue();

        var viaGrains = await orleans.AddJobAsync(queue, "from an Orleans app");
        var got = Assert.Single(await resp.GetJobsAsync([queue], timeout: TimeSpan.FromSeconds(10)));
        Assert.Equal((viaGrains, "from an Orleans app"), (got.Id, got.BodyText));
        Assert.Equal(1, await resp.AckAsync(got.Id));

        var viaResp = await resp.AddJobAsync(queue, "from redis-speaking app");
        var back = Assert.Single(await orleans.GetJobsAsync([queue], timeout: TimeSpan.FromSeconds(10)));
        Assert.Equal((viaResp, "from redis-speaking app"), (back.Id, back.BodyText));
        Assert.Equal(1, await orleans.AckAsync(back.Id));
        Assert.Null(await resp.ShowAsync(viaGrains));
        Assert.Null(await resp.ShowAsync(viaResp));
    }

    [Fact]
    public async Task Ten_consumers_blocked_in_grain_calls_hold_up_no_producer()
    {
        var orleans = new OrleansDisqueClient(await gateway.OrleansClient());
        var queue = Names.NewQueue();
        var consumers = Enumerable.Range(0, 10).Select(_ => orleans.GetJobsAsync([queue], timeout: TimeSpan.FromSeconds(60))).ToList();
        await Wait.Until(async () => (await orleans.QStatAsync(queue))?.Blocked == 10, what: "ten consumers blocked");

        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
            ids.Add(await orleans.AddJobAsync(queue, $"job-{i}"));
        Assert.InRange(clock.ElapsedMilliseconds, 0, 5_000);

        var got = (await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(20))).SelectMany(j => j).Select(j => j.Id);
        Assert.Equal(ids.Order(), got.Order());
    }

    [Fact]
    public async Task A_wait_longer_than_one_grain_call_is_a_loop_of_calls()
    {
        var (grains, answered) = CountedGetJobs.Over(await gateway.OrleansClient());
        var orleans = new OrleansDisqueClient(grains, new OrleansDisqueClientOptions { BlockSlice = TimeSpan.FromMilliseconds(200) });
        var queue = Names.NewQueue();
        using var cancel = new CancellationTokenSource();

        var waiting = orleans.GetJobsAsync([queue], cancellation: cancel.Token);
        await Wait.Until(() => answered.Count >= 5, what: "five GetJobs calls (slices) answered with nothing");
        Assert.False(waiting.IsCompleted);
        var id = await orleans.AddJobAsync(queue, "after a while");

        Assert.Equal(id, Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Id);
    }
}
