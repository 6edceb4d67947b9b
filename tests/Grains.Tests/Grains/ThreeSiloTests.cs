using Disque.Cluster;
using Disque.Domain;
using Disque.Wire;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Disque.Tests.Grains;

public sealed class ThreeSiloFixture : ClusterFixture
{
    protected override short Silos => 3;
}

/// <summary>
/// Replication, ack broadcast and failover on three in-process silos. The first
/// silo holds the test cluster's membership table, so only the others are
/// stopped or killed.
/// </summary>
public sealed class ThreeSiloTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static JobSpec Job(string queue, int replicate, int retry = 30) =>
        new() { Queue = queue, Body = "payload"u8.ToArray(), Replicate = replicate, RetrySeconds = retry };

    private IEnumerable<SiloAddress> LiveSilos => fixture.Cluster.Silos.Where(s => s.IsActive).Select(s => s.SiloAddress);

    /// <summary>The silos whose store holds a copy of the job.</summary>
    private async Task<List<SiloAddress>> Holders(JobId id)
    {
        var holders = new List<SiloAddress>();
        foreach (var silo in LiveSilos)
            if (await fixture.Cluster.Client.GetGrain<IJobStore>(silo.ToParsableString()).Show(id) is not null)
                holders.Add(silo);
        return holders;
    }

    private async Task<JobId[]> AddMany(string queue, int count, int replicate, int retry = 30)
    {
        var node = fixture.Node(0);
        var added = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => node.AddJob(Job(queue, replicate, retry)).AsTask()));
        Assert.All(added, a => Assert.Null(a.Error));
        return [.. added.Select(a => a.Value)];
    }

    private async Task<HashSet<JobId>> Drain(string queue, int node = 0)
    {
        var seen = new HashSet<JobId>();
        while ((await fixture.Node(node).GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 100 })).Value is { } jobs)
            foreach (var job in jobs)
                seen.Add(job.Job.Id);
        return seen;
    }

    [Fact]
    public async Task REPLICATE_2_puts_copies_on_two_distinct_silos()
    {
        var id = (await AddMany(NewQueue(), 1, replicate: 2))[0];

        var holders = await Holders(id);
        Assert.Equal(2, holders.Distinct().Count());
        var info = await fixture.Node(1).Show(id);
        Assert.Equal(2, info!.NodesDelivered.Distinct().Count());
        Assert.Equal(2, info.Replicate);
    }

    [Fact]
    public async Task The_default_replication_is_three_and_too_many_copies_is_NOREPL()
    {
        var queue = NewQueue();
        var id = (await AddMany(queue, 1, replicate: 0))[0];

        Assert.Equal(3, (await Holders(id)).Count);
        Assert.Equal(DisqueError.NoRepl, (await fixture.Node(0).AddJob(Job(queue, replicate: 4))).Error);
    }

    [Fact]
    public async Task An_ACK_through_another_silo_leaves_no_copy_anywhere()
    {
        var queue = NewQueue();
        var ids = await AddMany(queue, 20, replicate: 3);
        Assert.Equal(ids.ToHashSet(), await Drain(queue, node: 2));

        Assert.Equal(20, await fixture.Node(1).Ack(ids));

        foreach (var id in ids)
            Assert.Empty(await Holders(id));
        Assert.Empty(await Drain(queue));
    }

    [Fact]
    public async Task A_job_is_consumed_through_any_silo()
    {
        var queue = NewQueue();
        var ids = await AddMany(queue, 10, replicate: 2);

        Assert.Equal(ids.ToHashSet(), await Drain(queue, node: 1));
        Assert.Equal(10, await fixture.Node(2).Ack(ids));
    }
}

/// <summary>Silos going away: each test gets its own cluster, since it loses a silo.</summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly ThreeSiloFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Losing_a_silo_loses_no_unacked_job(bool kill)
    {
        var queue = "q-" + Guid.NewGuid().ToString("N");
        var node = _fixture.Node(0);
        var added = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ =>
            node.AddJob(new JobSpec { Queue = queue, Body = [1], Replicate = 2, RetrySeconds = 20 }).AsTask()));
        var ids = added.Select(a => a.Value).ToHashSet();
        // Half of them are out with a consumer that will never ack.
        var delivered = (await node.GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 30 })).Value!;
        Assert.Equal(30, delivered.Length);

        var victim = _fixture.Cluster.Silos[2];
        if (kill)
            await _fixture.Cluster.KillSiloAsync(victim);
        else
            await _fixture.Cluster.StopSiloAsync(victim);
        await Wait.Until(() => _fixture.Cluster.Silos.Where(s => s.IsActive).All(s =>
            !_fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ClusterView>().IsAlive(victim.SiloAddress)),
            what: "every other silo sees the victim gone");
        await ClusterFixture.Advance(TimeSpan.FromSeconds(25)); // the un-acked ones come back after RETRY

        var seen = new HashSet<JobId>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (seen.Count < ids.Count && DateTime.UtcNow < deadline)
        {
            var got = (await _fixture.Node(1).GetJobs(new GetJobSpec { Queues = [queue], NoHang = true, Count = 100 })).Value;
            foreach (var job in got ?? [])
                seen.Add(job.Job.Id);
            if (got is null)
                await ClusterFixture.Advance(TimeSpan.FromSeconds(5));
        }
        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(60, await _fixture.Node(1).Ack([.. seen]));
    }
}
