using System.Diagnostics;
using Disque.Tests.Grains;
using Disque.Wire;
using Orleans.Runtime;

namespace Disque.Tests.Races;

/// <summary>
/// Issue 12, findings 2, 3, 4 and 6: three silos, one of which answers late or
/// fails (<see cref="Faults"/>). A refused job leaves no copy behind; ADDJOB's
/// timeout bounds its reply; FASTACK does not wait for a slow copy; a store
/// that fails is answered as an error, not as an unknown job.
/// </summary>
public sealed class SlowSiloTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    /// <summary>How late the slow silo answers; a command that waited for it takes at least this long.</summary>
    private static readonly TimeSpan Late = TimeSpan.FromSeconds(6);

    /// <summary>A command that does not wait for the slow silo answers well within this, even on a busy machine.</summary>
    private static readonly TimeSpan WithoutWaiting = Late / 2;

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private SiloAddress Silo(int index) => fixture.Cluster.Silos[index].SiloAddress;

    private IJobStore Store(int index) => fixture.Cluster.Client.GetGrain<IJobStore>(Silo(index).ToParsableString());

    private async Task<long> Held(int index) => (await Store(index).Describe()).Jobs;

    [Fact]
    public async Task A_job_refused_with_NOREPL_leaves_no_copy_on_a_silo_that_answered_late()
    {
        var before = await Held(2);
        using var late = Faults.Delay(Silo(2), nameof(IJobStore.Replicate), Late);

        var added = await fixture.Node(0).AddJob(new JobSpec { Queue = NewQueue(), Body = [1], Replicate = 3, TimeoutMs = 300 });

        Assert.Equal(DisqueError.ReplicationTimeout, added.Error);
        await Wait.Until(() => late.Completed == 1, 20, "the late copy to reach silo 2");
        Assert.Equal(before, await Held(2));
    }

    [Fact]
    public async Task ADDJOB_answers_within_its_timeout_when_a_silo_answers_late()
    {
        using var late = Faults.Delay(Silo(2), nameof(IJobStore.Replicate), Late);
        // The refused job is withdrawn from the late silo too: that must not hold the refusal.
        using var slowWithdrawal = Faults.Delay(Silo(2), nameof(IJobStore.Forget), Late);

        var clock = Stopwatch.StartNew();
        var added = await fixture.Node(0).AddJob(new JobSpec { Queue = NewQueue(), Body = [1], Replicate = 3, TimeoutMs = 200 });

        Assert.Equal(DisqueError.ReplicationTimeout, added.Error);
        Assert.True(clock.Elapsed < WithoutWaiting, $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task FASTACK_answers_without_waiting_for_a_slow_copy_and_the_copy_goes_all_the_same()
    {
        var added = await fixture.Node(0).AddJob(new JobSpec { Queue = NewQueue(), Body = [1], Replicate = 3 });
        var id = added.Value;
        using var late = Faults.Delay(Silo(2), nameof(IJobStore.Forget), Late);

        var clock = Stopwatch.StartNew();
        Assert.Equal(1, await fixture.Node(0).FastAck([id]));
        Assert.True(clock.Elapsed < WithoutWaiting, $"answered after {clock.ElapsedMilliseconds} ms");

        await Wait.Until(() => late.Completed == 1, 20, "silo 2 to drop its copy");
        for (var silo = 0; silo < 3; silo++)
            Assert.Null(await Store(silo).Show(id));
    }

    [Fact]
    public async Task FASTACK_and_DELJOB_of_one_job_at_once_count_it_once()
    {
        var node = fixture.Node(0);
        for (var round = 0; round < 20; round++)
        {
            var id = (await node.AddJob(new JobSpec { Queue = NewQueue(), Body = [1], Replicate = 2 })).Value;
            var counts = await Task.WhenAll(node.Delete([id]).AsTask(), node.FastAck([id]).AsTask(), node.Delete([id]).AsTask());
            Assert.Equal(1, counts.Sum());
        }
    }

    [Fact]
    public async Task A_silo_that_fails_a_consumer_is_logged_as_a_warning_and_the_consumer_is_answered()
    {
        using var broken = Faults.Throw(Silo(1), nameof(IJobStore.Take));

        var got = await fixture.Node(0).GetJobs(new GetJobSpec { Queues = [NewQueue()], NoHang = true });

        Assert.Null(got.Value);
        Assert.Contains(CapturedLogs.Warnings, line => line.Contains($"Taking jobs from {Silo(1)} failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_that_fails_is_answered_as_an_error_not_as_an_unknown_job()
    {
        var id = (await fixture.Node(0).AddJob(new JobSpec { Queue = NewQueue(), Body = [1], Replicate = 1 })).Value;
        using var broken = Faults.Throw(Silo(0), nameof(IJobStore.Working));

        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Node(1).Working(id));
    }
}
