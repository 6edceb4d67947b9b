using Disque.Store;
using static Disque.Tests.Store.Records;

namespace Disque.Tests.Store;

/// <summary>Disque's clock rules for one job, as its owner applies them.</summary>
public sealed class JobTimesTests
{
    [Fact]
    public void Accepted_without_DELAY_a_job_is_queued_with_its_next_RETRY_set()
    {
        var job = Job(0, retry: 30);
        JobTimes.Accepted(job, 1_000);
        Assert.Equal(JobState.Queued, job.State);
        Assert.True(job.WasQueued);
        Assert.Equal(31_000, job.QueueAtMs);
        Assert.Equal(0, job.AdditionalDeliveries);
    }

    [Fact]
    public void Accepted_with_a_DELAY_a_job_is_active_until_the_DELAY_ends()
    {
        var job = Job(0, retry: 30, delay: 5);
        JobTimes.Accepted(job, 1_000);
        Assert.Equal(JobState.Active, job.State);
        Assert.Equal(6_000, job.QueueAtMs);
    }

    [Fact]
    public void Each_queueing_after_the_first_counts_an_additional_delivery_and_a_NACK_counts_a_nack()
    {
        var job = Job(0, retry: 30);
        JobTimes.Accepted(job, 0);
        JobTimes.Queued(job, 30_000, nack: false);
        JobTimes.Queued(job, 40_000, nack: true);
        Assert.Equal((1, 1), (job.AdditionalDeliveries, job.Nacks));
    }

    [Fact]
    public void A_NACK_as_the_first_queueing_does_not_make_the_next_one_count()
    {
        var job = Job(0, retry: 30, delay: 5);
        JobTimes.Accepted(job, 0);
        job.State = JobState.Active;
        JobTimes.Queued(job, 1_000, nack: true);
        JobTimes.Queued(job, 40_000, nack: false);
        Assert.Equal((0, 1), (job.AdditionalDeliveries, job.Nacks));
    }

    [Fact]
    public void A_refused_queueing_takes_its_count_back_and_waits_one_more_RETRY()
    {
        var job = Job(0, retry: 30);
        JobTimes.Accepted(job, 0);
        job.State = JobState.Active;
        JobTimes.Queued(job, 30_000, nack: false);
        JobTimes.QueueingRefused(job, 30_000, wasQueued: true);
        Assert.Equal(JobState.Active, job.State);
        Assert.Equal(0, job.AdditionalDeliveries);
        Assert.Equal(60_000, job.QueueAtMs);
    }

    [Fact]
    public void RETRY_0_is_never_queued_again_once_delivered_or_queued()
    {
        var job = Job(0, retry: 0);
        JobTimes.Accepted(job, 0);
        Assert.Equal(0, job.QueueAtMs);
        job.State = JobState.Active;
        Assert.False(JobTimes.MayQueueAgain(job));
        var never = Job(0, retry: 0, delay: 10);
        JobTimes.Accepted(never, 0);
        Assert.True(JobTimes.MayQueueAgain(never));
        never.Delivered = true;
        Assert.False(JobTimes.MayQueueAgain(never));
    }

    [Fact]
    public void WORKING_is_refused_once_half_the_TTL_has_passed()
    {
        var job = Job(0, ttl: 100);
        Assert.True(JobTimes.MayPostpone(job, 50_000));
        Assert.False(JobTimes.MayPostpone(job, 50_001));
    }

    [Fact]
    public void WORKING_moves_the_next_requeue_to_RETRY_from_now()
    {
        var job = Job(0, retry: 30);
        JobTimes.Accepted(job, 0);
        JobTimes.Postponed(job, 20_000);
        Assert.Equal(50_000, job.QueueAtMs);
    }
}
