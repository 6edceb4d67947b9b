using Disque.Store;
using static Disque.Tests.Store.Records;

namespace Disque.Tests.Store;

/// <summary>A job's life (<see cref="JobLifecycle"/>): every transition, its guard, and Disque's clock rules (<see cref="JobTimes"/>).</summary>
public sealed class JobLifecycleTests
{
    [Fact]
    public void Accepted_without_DELAY_a_job_is_queued_with_its_next_RETRY_set()
    {
        var job = Job(0, retry: 30);
        JobLifecycle.Accepted(job, 1_000);
        Assert.Equal(JobState.Queued, job.State);
        Assert.True(job.WasQueued);
        Assert.Equal(31_000, job.QueueAtMs);
        Assert.Equal(0, job.AdditionalDeliveries);
    }

    [Fact]
    public void Accepted_with_a_DELAY_a_job_is_active_until_the_DELAY_ends()
    {
        var job = Job(0, retry: 30, delay: 5);
        JobLifecycle.Accepted(job, 1_000);
        Assert.Equal(JobState.Active, job.State);
        Assert.Equal(6_000, job.QueueAtMs);
    }

    [Fact]
    public void Each_queueing_after_the_first_counts_an_additional_delivery_and_a_NACK_counts_a_nack()
    {
        var job = Job(0, retry: 30);
        JobLifecycle.Accepted(job, 0);
        JobLifecycle.Delivered(job, tag: 1);
        JobLifecycle.Queued(job, 30_000, nack: false);
        JobLifecycle.Delivered(job, tag: 2);
        JobLifecycle.Queued(job, 40_000, nack: true);
        Assert.Equal((1, 1), (job.AdditionalDeliveries, job.Nacks));
    }

    [Fact]
    public void A_NACK_as_the_first_queueing_does_not_make_the_next_one_count()
    {
        var job = Job(0, retry: 30, delay: 5);
        JobLifecycle.Accepted(job, 0);
        job.State = JobState.Active;
        JobLifecycle.Queued(job, 1_000, nack: true);
        JobLifecycle.Queued(job, 40_000, nack: false);
        Assert.Equal((0, 1), (job.AdditionalDeliveries, job.Nacks));
    }

    [Fact]
    public void A_refused_queueing_takes_its_count_back_and_waits_one_more_RETRY()
    {
        var job = Job(0, retry: 30);
        JobLifecycle.Accepted(job, 0);
        job.State = JobState.Active;
        JobLifecycle.Queued(job, 30_000, nack: false);
        JobLifecycle.QueueingRefused(job, 30_000, wasQueued: true);
        Assert.Equal(JobState.Active, job.State);
        Assert.Equal(0, job.AdditionalDeliveries);
        Assert.Equal(60_000, job.QueueAtMs);
    }

    [Fact]
    public void RETRY_0_is_never_queued_again_once_delivered_or_queued()
    {
        var job = Job(0, retry: 0);
        JobLifecycle.Accepted(job, 0);
        Assert.Equal(0, job.QueueAtMs);
        job.State = JobState.Active;
        Assert.False(JobTimes.MayQueueAgain(job));
        var never = Job(0, retry: 0, delay: 10);
        JobLifecycle.Accepted(never, 0);
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
        JobLifecycle.Accepted(job, 0);
        JobLifecycle.Postponed(job, 20_000);
        Assert.Equal(50_000, job.QueueAtMs);
    }

    private static JobRecord Queued(long nowMs = 0, int retry = 30)
    {
        var job = Job(nowMs, retry: retry);
        job.Owned = true;
        Assert.True(JobLifecycle.Accepted(job, nowMs));
        return job;
    }

    [Fact]
    public void Accepted_only_from_WaitRepl()
    {
        var job = Queued();
        Assert.Equal(JobState.Queued, job.State);
        Assert.False(JobLifecycle.Accepted(job, 1_000));
        Assert.Equal(JobState.Queued, job.State);
    }

    [Fact]
    public void Delivered_only_from_Queued_under_a_new_tag()
    {
        var job = Queued();
        Assert.True(JobLifecycle.Delivered(job, tag: 7));
        Assert.Equal((JobState.Active, true, 7L), (job.State, job.Delivered, job.DeliveryTag));
        Assert.False(JobLifecycle.Delivered(job, tag: 8));
        Assert.Equal(7, job.DeliveryTag);
    }

    [Fact]
    public void Undelivered_only_for_the_current_delivery_of_an_owned_active_job()
    {
        var job = Queued();
        JobLifecycle.Delivered(job, tag: 1);
        Assert.False(JobLifecycle.Undelivered(job, tag: 2));
        Assert.True(JobLifecycle.Undelivered(job, tag: 1));
        Assert.Equal((JobState.Queued, false), (job.State, job.Delivered));
        // Queued again: a second give-back of the same delivery is refused.
        Assert.False(JobLifecycle.Undelivered(job, tag: 1));

        JobLifecycle.Delivered(job, tag: 3);
        job.Owned = false;
        Assert.False(JobLifecycle.Undelivered(job, tag: 3));
    }

    [Fact]
    public void Dequeued_only_from_Queued()
    {
        var job = Queued();
        Assert.True(JobLifecycle.Dequeued(job));
        Assert.Equal(JobState.Active, job.State);
        Assert.False(JobLifecycle.Dequeued(job));
    }

    [Fact]
    public void Acked_is_final_and_counts_once()
    {
        var job = Queued();
        Assert.True(JobLifecycle.Acked(job));
        Assert.False(JobLifecycle.Acked(job));
        Assert.False(JobLifecycle.Queued(job, 60_000, nack: true));
        Assert.False(JobLifecycle.Delivered(job, tag: 1));
        Assert.False(JobLifecycle.Undelivered(job, tag: 0));
        Assert.False(JobLifecycle.Dequeued(job));
        Assert.False(JobLifecycle.Adopted(job, 60_000, Takeover.OwnerDied));
        JobLifecycle.Postponed(job, 60_000);
        Assert.Equal(JobState.Acked, job.State);
        Assert.Equal(0, job.Nacks);
    }

    [Fact]
    public void Queued_only_from_Active_or_WaitRepl()
    {
        var job = Queued();
        Assert.False(JobLifecycle.Queued(job, 1_000, nack: true));
        Assert.Equal(0, job.Nacks);
        JobLifecycle.Delivered(job, tag: 1);
        Assert.True(JobLifecycle.Queued(job, 1_000, nack: true));
        Assert.Equal(1, job.Nacks);
    }

    [Fact]
    public void A_delivered_at_most_once_job_is_spent_and_never_queued_again()
    {
        var job = Queued(retry: 0);
        JobLifecycle.Delivered(job, tag: 1);
        JobLifecycle.Spent(job);
        Assert.Equal(0, job.QueueAtMs);
        Assert.False(JobTimes.MayQueueAgain(job));
    }

    [Fact]
    public void A_move_keeps_the_job_out_of_every_queue_until_it_ends()
    {
        var job = Queued();
        JobLifecycle.MoveStarted(job);
        Assert.True(job.Moving);
        JobLifecycle.MoveEnded(job);
        Assert.False(job.Moving);
    }

    [Fact]
    public void QueueingRefused_and_StillQueued_touch_only_a_queued_job()
    {
        var job = Queued();
        JobLifecycle.Delivered(job, tag: 1);
        var before = job.QueueAtMs;
        JobLifecycle.StillQueued(job, 50_000);
        JobLifecycle.QueueingRefused(job, 50_000, wasQueued: true);
        Assert.Equal((JobState.Active, before, 0), (job.State, job.QueueAtMs, job.AdditionalDeliveries));
    }
}
