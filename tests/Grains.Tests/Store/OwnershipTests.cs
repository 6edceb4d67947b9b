using Disque.Store;
using static Disque.Tests.Store.Records;

namespace Disque.Tests.Store;

/// <summary>Who owns a job, and the one rule for taking a job over.</summary>
public sealed class OwnershipTests
{
    private static readonly (Orleans.Runtime.SiloAddress A, Orleans.Runtime.SiloAddress B, Orleans.Runtime.SiloAddress C) S = (Silo(1), Silo(2), Silo(3));

    [Fact]
    public void The_owner_is_the_first_living_silo_of_the_node_list()
    {
        var job = Job(0, nodes: [S.A, S.B, S.C]);
        Assert.True(Ownership.IsOwner(job, S.A, _ => true));
        Assert.False(Ownership.IsOwner(job, S.B, _ => true));
        Assert.True(Ownership.IsOwner(job, S.B, s => !s.Equals(S.A)));
        Assert.False(Ownership.IsOwner(job, S.C, s => !s.Equals(S.A)));
    }

    [Fact]
    public void A_silo_not_in_the_list_owns_nothing()
    {
        Assert.False(Ownership.IsOwner(Job(0, nodes: [S.A, S.B]), S.C, _ => false));
    }

    [Fact]
    public void Taken_over_from_a_dead_owner_a_job_is_active_and_queued_again_after_RETRY()
    {
        var job = Job(0, retry: 60, nodes: [S.A, S.B]);
        JobLifecycle.Adopted(job, nowMs: 10_000, Takeover.OwnerDied);
        Assert.True(job.Owned);
        Assert.Equal(JobState.Active, job.State);
        Assert.True(job.WasQueued);
        Assert.Equal(70_000, job.QueueAtMs);
    }

    [Fact]
    public void After_a_restart_a_job_is_queued_at_once()
    {
        var job = Job(0, retry: 60);
        JobLifecycle.Adopted(job, nowMs: 10_000, Takeover.Restart);
        Assert.Equal(10_000, job.QueueAtMs);
    }

    [Fact]
    public void A_job_still_in_its_DELAY_is_queued_when_the_DELAY_ends_and_the_first_queueing_counts_nothing()
    {
        var job = Job(0, retry: 10, delay: 120);
        JobLifecycle.Adopted(job, nowMs: 5_000, Takeover.OwnerDied);
        Assert.False(job.WasQueued);
        Assert.Equal(120_000, job.QueueAtMs);
    }

    [Fact]
    public void An_at_most_once_job_past_its_DELAY_is_never_queued_again()
    {
        foreach (var cause in new[] { Takeover.OwnerDied, Takeover.Restart })
        {
            var job = Job(0, retry: 0);
            JobLifecycle.Adopted(job, nowMs: 1_000, cause);
            Assert.Equal(0, job.QueueAtMs);
        }
    }

    [Fact]
    public void An_acknowledged_job_is_never_taken_over()
    {
        // Its ACK is still reaching the other copies (a Forget timed out): taking it over would queue it again.
        var job = Job(0, retry: 60, nodes: [S.A, S.B]);
        job.State = JobState.Acked;
        Assert.False(JobLifecycle.Adopted(job, nowMs: 10_000, Takeover.OwnerDied));
        Assert.False(job.Owned);
        Assert.Equal(JobState.Acked, job.State);
        Assert.Equal(0, job.QueueAtMs);
    }
}
