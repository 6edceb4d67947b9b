using Disque.Domain;
using Disque.Wire;

namespace Disque.Tests.Grains;

/// <summary>One silo running two job stores (Disque:Stores 2), whatever the default.</summary>
public sealed class TwoStoreFixture : ClusterFixture
{
    public override int Stores => 2;
}

/// <summary>
/// Issue 20: a silo's jobs split over K stores by a hash of their id, and each queue over the
/// stores' parts. What names a job reaches its store; what concerns a queue reaches them all.
/// </summary>
public sealed class StoreSetTests(TwoStoreFixture fixture) : IClassFixture<TwoStoreFixture>
{
    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static JobSpec Job(string queue) => new() { Queue = queue, Body = "b"u8.ToArray(), RetrySeconds = 300, TtlSeconds = 3600 };

    private async Task<JobId[]> Add(string queue, int count)
    {
        var ids = new JobId[count];
        for (var i = 0; i < count; i++)
        {
            var added = await fixture.Node().AddJob(Job(queue));
            Assert.Null(added.Error);
            ids[i] = added.Value;
        }
        return ids;
    }

    private IJobStore StoreZero => fixture.Cluster.Client.GetGrain<IJobStore>(fixture.Cluster.Silos[0].SiloAddress.ToParsableString());

    [Fact]
    public async Task Jobs_spread_over_the_stores_and_QLEN_QSTAT_and_QPEEK_count_them_all()
    {
        var queue = NewQueue();
        var ids = await Add(queue, 10);

        Assert.Equal([0, 1], ids.Select(id => StoreShards.Of(id, 2)).Distinct().Order());
        Assert.Equal(10, await fixture.Node().QueueLength(queue));
        var stats = await fixture.Node().QueueStats(queue);
        Assert.Equal(10, stats!.Length);
        Assert.Equal(10, stats.JobsIn);
        Assert.Equal(ids.Order(), (await fixture.Node().Peek(queue, 100)).Select(d => d.Job.Id).Order());
        Assert.Equal(10, (await StoreZero.QueuePart(queue))!.Length);
    }

    [Fact]
    public async Task GETJOB_takes_from_every_store_and_ACK_reaches_each_job_in_its_store()
    {
        var queue = NewQueue();
        var ids = await Add(queue, 6);

        var taken = (await fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 10 })).Value!;
        Assert.Equal(ids.Order(), taken.Select(d => d.Job.Id).Order());
        var inStoreOne = ids.Where(id => StoreShards.Of(id, 2) == 1).ToArray();
        Assert.NotEmpty(inStoreOne);

        // From another silo's side: one call to store 0, which hands each id to its store.
        Assert.Equal(inStoreOne.Length, await StoreZero.Ack(inStoreOne));
        Assert.Equal(ids.Length - inStoreOne.Length, await fixture.Node().Ack([.. ids.Except(inStoreOne)]));
        foreach (var id in ids)
            Assert.Null(await fixture.Node().Show(id));
        Assert.Equal(0, await fixture.Node().QueueLength(queue));
    }

    [Fact]
    public async Task A_consumer_blocked_on_both_stores_gets_one_job_once_and_the_other_stays_queued()
    {
        var queue = NewQueue();
        var waiting = fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], TimeoutMs = 60_000 }).AsTask();
        await Wait.Until(async () => (await fixture.Node().QueueStats(queue))?.Blocked == 1, what: "the consumer waits on the queue");

        // Two jobs at once, one in each store (ADDJOB picks the stores in turn): both stores may serve the consumer.
        var added = await Task.WhenAll(fixture.Node().AddJob(Job(queue)).AsTask(), fixture.Node().AddJob(Job(queue)).AsTask());
        JobId[] ids = [.. added.Select(a => a.Value)];
        Assert.Equal([0, 1], ids.Select(id => StoreShards.Of(id, 2)).Order());

        var got = Assert.Single((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Value!).Job.Id;
        Assert.Contains(got, ids);
        var other = ids.Single(id => id != got);
        // The other is queued (given back if its store handed it out as the first answered), and never delivered.
        await Wait.Until(async () => (await fixture.Node().Show(other))?.State == JobState.Queued, what: "the other job is queued");
        Assert.Equal(JobState.Active, (await fixture.Node().Show(got))!.State);
        var next = (await fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 10 })).Value!;
        Assert.Equal(other, Assert.Single(next).Job.Id);
        Assert.Equal(0, await fixture.Node().QueueLength(queue));
    }

    [Fact]
    public async Task A_consumer_that_times_out_on_both_stores_is_answered_null_and_waits_nowhere()
    {
        var queue = NewQueue();
        var waiting = fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], TimeoutMs = 1000 }).AsTask();
        await Wait.Until(async () => (await fixture.Node().QueueStats(queue))?.Blocked == 1, what: "the consumer waits on the queue");
        await ClusterFixture.Advance(TimeSpan.FromSeconds(2));
        Assert.Null((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Value);
        await Wait.Until(async () => (await fixture.Node().QueueStats(queue))?.Blocked is null or 0, what: "no store counts the consumer");
    }

    [Fact]
    public async Task JSCAN_pages_every_store_and_returns_each_job_once()
    {
        var queue = NewQueue();
        var ids = await Add(queue, 40);
        var seen = new List<JobId>();
        var shard = 0;
        do
        {
            var page = await StoreZero.Scan(shard, 3, new JobScanFilter { Queue = queue });
            seen.AddRange(page.Jobs.Select(j => j.Id));
            shard = page.NextShard;
        }
        while (shard < Disque.Store.JobTable.Shards);
        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task A_grouped_job_is_made_by_store_0()
    {
        var queue = NewQueue();
        for (var i = 0; i < 4; i++)
        {
            var added = await fixture.Node().AddJob(Job(queue) with { Group = "g" });
            Assert.True(StoreShards.IsPinned(added.Value));
        }
        Assert.Equal(4, await fixture.Node().QueueLength(queue));
    }

    [Fact]
    public async Task MAXLEN_counts_the_silos_part_of_the_queue_over_both_stores()
    {
        var queue = NewQueue();
        var ids = await Add(queue, 4);
        Assert.Equal([0, 1], ids.Select(id => StoreShards.Of(id, 2)).Distinct().Order());

        for (var i = 0; i < 4; i++)
            Assert.Equal(DisqueError.MaxLen, (await fixture.Node().AddJob(Job(queue) with { MaxLen = 4 })).Error);
        Assert.Null((await fixture.Node().AddJob(Job(queue) with { MaxLen = 5 })).Error);
        Assert.Equal(DisqueError.MaxLen, (await fixture.Node().AddJob(Job(queue) with { MaxLen = 5 })).Error);
        Assert.Equal(5, await fixture.Node().QueueLength(queue));
    }

    [Fact]
    public async Task GETJOB_serves_the_most_urgent_job_of_either_store_first()
    {
        var queue = NewQueue();
        await Add(queue, 6);
        var urgent = new List<JobId>();
        foreach (var priority in new[] { 5, 900, 40, 7 })
        {
            var added = await fixture.Node().AddJob(Job(queue) with { Priority = priority });
            urgent.Add(added.Value);
        }
        Assert.Equal([0, 1], urgent.Select(id => StoreShards.Of(id, 2)).Distinct().Order());

        var served = new List<JobId>();
        for (var i = 0; i < 4; i++)
            served.Add((await fixture.Node().GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 1 })).Value!.Single().Job.Id);
        Assert.Equal([urgent[1], urgent[2], urgent[3], urgent[0]], served);
    }
}
