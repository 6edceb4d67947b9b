using Disque.Cluster;
using Disque.Domain;
using Disque.Tests.Grains;
using Disque.Wire;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Disque.Tests.Races;

/// <summary>
/// A silo cut off from the others (and from the membership store) goes on owning its jobs
/// while the others declare it dead, take its copies over, deliver and acknowledge them.
/// When its link comes back, nothing it sends may put a job in a consumer's hands:
/// PartitionTests saw its late offer deliver jobs after their ACK. Here the silo is
/// stopped and declared dead, and its late messages are sent in its name.
/// </summary>
public sealed class DeadSiloOfferTests : IAsyncLifetime
{
    private readonly ThreeSiloFixture _fixture = new();

    private SiloAddress _dead = null!;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        var victim = _fixture.Cluster.Silos[2];
        _dead = victim.SiloAddress;
        await _fixture.Cluster.StopSiloAsync(victim);
        await Wait.Until(() => _fixture.Cluster.Silos.Where(s => s.IsActive).All(s =>
            _fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ClusterView>().IsDeclaredDead(_dead)),
            what: "every other silo sees silo 2 declared dead");
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private IJobStore Store(int index) => _fixture.Cluster.Client.GetGrain<IJobStore>(_fixture.Cluster.Silos[index].SiloAddress.ToParsableString());

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    /// <summary>Ids of jobs no silo here made: the dead silo's, as far as the others can tell.</summary>
    private static readonly JobIdGenerator Ids = new(0x0badcafe);

    private static JobId NewId() => Ids.Next(60, 1);

    private async Task<Task<Delivery[]?>> Blocked(string queue)
    {
        var waiting = Store(0).Wait([queue], 10_000, Guid.NewGuid());
        await Wait.Until(async () => (await Store(0).QueuePart(queue))?.Blocked == 1, 10, "the consumer to block on silo 0");
        return waiting;
    }

    [Fact]
    public async Task Its_offer_is_refused_as_an_error_and_the_consumer_waits_on_while_a_living_silos_offer_is_taken()
    {
        var queue = NewQueue();
        var waiting = await Blocked(queue);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store(0).Offer(queue, [new(NewId(), [1], 0, 0, 0)], _dead));
        Assert.False(waiting.IsCompleted);

        var offered = new QueuedJob(NewId(), [1], 0, 0, 0);
        Assert.Empty(await Store(0).Offer(queue, [offered], _fixture.Cluster.Silos[1].SiloAddress));
        Assert.Equal(offered.Id, Assert.Single((await waiting)!).Job.Id);
    }

    [Fact]
    public async Task Of_its_copies_only_those_of_new_jobs_its_ADDJOB_makes_are_taken()
    {
        JobCopy Copy(JobState state) => new()
        {
            Id = NewId(),
            Queue = NewQueue(),
            Body = [1],
            Replicate = 2,
            RetrySeconds = 1,
            TtlSeconds = 60,
            Nodes = [_dead, _fixture.Cluster.Silos[0].SiloAddress],
            State = state,
            FromOwner = true,
        };
        // A job that lived before the cut (a hand-off): the others may have acked it since.
        var older = Copy(JobState.Queued);
        // A job its ADDJOB is making: new, so nobody acked it; the silos that take it own it.
        var added = Copy(JobState.WaitRepl);

        Assert.Equal([older.Id], await Store(0).Replicate([older, added], _dead));
        Assert.Null(await Store(0).Show(older.Id));
        Assert.NotNull(await Store(0).Show(added.Id));
    }

    [Fact]
    public async Task Its_consumers_are_offered_no_job()
    {
        var queue = NewQueue();
        await Store(0).NeedJobs([queue], [5], _dead);

        var added = await _fixture.Node(0).AddJob(new JobSpec { Queue = queue, Body = [1], Replicate = 1 });

        Assert.Null(added.Error);
        Assert.Equal(1, (await Store(0).QueuePart(queue))?.Length);
    }
}
