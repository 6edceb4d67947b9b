using Disque.Store;
using static Disque.Tests.Store.Records;

namespace Disque.Tests.Store;

/// <summary>Ours, beyond Disque: the failure policy's transitions in <see cref="JobLifecycle"/>, and their guards.</summary>
public sealed class FailureLifecycleTests
{
    private static JobRecord Delivered(JobExtras? extras, int retry = 30)
    {
        var job = Job(0, retry: retry);
        job.Extras = extras;
        JobLifecycle.Accepted(job, 0);
        JobLifecycle.Delivered(job, tag: 1, jitter: 0);
        return job;
    }

    [Fact]
    public void A_delivery_counts_and_a_give_back_takes_it_back()
    {
        var job = Delivered(null);
        job.Owned = true;
        Assert.Equal(1, job.Deliveries);

        JobLifecycle.Undelivered(job, tag: 1);

        Assert.Equal(0, job.Deliveries);
    }

    [Fact]
    public void A_plain_job_keeps_Disques_RETRY_and_a_job_with_a_backoff_waits_it_after_its_RETRY()
    {
        Assert.Equal(30_000, Delivered(null).QueueAtMs);

        var job = Delivered(new JobExtras { Backoff = new Backoff(10, 100) });

        // RETRY 30 s from its queueing, then the first back-off (10 s, jitter 0 takes half).
        Assert.Equal(35_000, job.QueueAtMs);
    }

    [Fact]
    public void A_dead_letter_rests_its_backoff()
    {
        var job = Job(0, retry: 30);
        job.Extras = new JobExtras { Backoff = new Backoff(10, 100), DeadFrom = "q" };
        JobLifecycle.Accepted(job, 0);
        JobLifecycle.Delivered(job, tag: 1);

        Assert.Equal(30_000, job.QueueAtMs);
    }

    [Fact]
    public void Out_of_deliveries_only_with_a_limit_reached_and_not_as_a_dead_letter()
    {
        var job = Delivered(new JobExtras { MaxDeliveries = 2 });
        Assert.False(JobLifecycle.OutOfDeliveries(job));

        job.Deliveries = 2;
        Assert.True(JobLifecycle.OutOfDeliveries(job));

        job.Extras = job.Extras! with { DeadFrom = "q" };
        Assert.False(JobLifecycle.OutOfDeliveries(job));
        Assert.False(JobLifecycle.OutOfDeliveries(Delivered(null)));
    }

    [Fact]
    public void A_reason_goes_into_the_history_and_a_plain_NACK_leaves_a_plain_job_plain()
    {
        var plain = Delivered(null);
        JobLifecycle.Failed(plain, reason: null, 5_000, nack: true);
        Assert.Null(plain.Extras);

        JobLifecycle.Failed(plain, "upstream 503", 6_000, nack: true);
        Assert.Equal(("upstream 503", 6_000L), (plain.Extras!.LastFailure, plain.Extras.LastFailureAtMs));

        var withPolicy = Delivered(new JobExtras { MaxDeliveries = 3 });
        JobLifecycle.Failed(withPolicy, reason: null, 7_000, nack: false);
        Assert.Equal("timeout", withPolicy.Extras!.LastFailure);
    }

    [Fact]
    public void A_deferred_NACK_counts_a_nack_now_and_its_queueing_counts_no_additional_delivery()
    {
        var job = Delivered(new JobExtras { Backoff = new Backoff(1, 1) });

        Assert.True(JobLifecycle.Deferred(job, 9_000));
        Assert.Equal((JobState.Active, 9_000L, 1), (job.State, job.QueueAtMs, job.Nacks));

        JobLifecycle.Queued(job, 9_000, nack: false);
        Assert.Equal((JobState.Queued, 0), (job.State, job.AdditionalDeliveries));
    }

    [Fact]
    public void Only_an_active_at_least_once_job_is_deferred()
    {
        var queued = Job(0, retry: 30);
        JobLifecycle.Accepted(queued, 0);
        Assert.False(JobLifecycle.Deferred(queued, 9_000));

        var atMostOnce = Delivered(null, retry: 0);
        Assert.False(JobLifecycle.Deferred(atMostOnce, 9_000));
    }

    [Fact]
    public void A_dead_letter_moves_to_its_queue_keeping_its_history_and_waits_there_unqueued()
    {
        var job = Delivered(new JobExtras { MaxDeliveries = 1, LastFailure = "boom", LastFailureAtMs = 4_000 });

        Assert.True(JobLifecycle.DeadLettered(job, "q:dead", DeadLetters.MaxDeliveriesReason, failure: null, 5_000));

        Assert.Equal(("q:dead", JobState.Active, 5_000 + JobLifecycle.MoveFallbackMs), (job.Queue, job.State, job.QueueAtMs));
        Assert.Equal(("q", DeadLetters.MaxDeliveriesReason, "boom", 4_000L), (job.Extras!.DeadFrom, job.Extras.DeadReason, job.Extras.LastFailure, job.Extras.LastFailureAtMs));
        Assert.Equal(1, job.Deliveries);
        Assert.False(JobLifecycle.DeadLettered(job, "q:dead", DeadLetters.FailedReason, "again", 6_000));

        // Its first queueing there is no additional delivery.
        JobLifecycle.Queued(job, 6_000, nack: false);
        Assert.Equal(0, job.AdditionalDeliveries);
    }

    [Fact]
    public void An_acked_or_moving_job_never_becomes_a_dead_letter()
    {
        var acked = Delivered(null);
        JobLifecycle.Acked(acked);
        Assert.False(JobLifecycle.DeadLettered(acked, "q:dead", DeadLetters.FailedReason, null, 1));

        var moving = Delivered(null);
        JobLifecycle.MoveStarted(moving);
        Assert.False(JobLifecycle.DeadLettered(moving, "q:dead", DeadLetters.FailedReason, null, 1));
    }

    [Fact]
    public void Revived_a_dead_letter_goes_home_with_its_history_reset_and_its_policy_awake()
    {
        var job = Delivered(new JobExtras { MaxDeliveries = 1, Priority = 3 });
        job.Nacks = 2;
        JobLifecycle.DeadLettered(job, "q:dead", DeadLetters.FailedReason, "bad input", 5_000);

        Assert.True(JobLifecycle.Revived(job, 6_000));

        Assert.Equal(("q", JobState.Active, 0, 0, 0), (job.Queue, job.State, job.Nacks, job.AdditionalDeliveries, job.Deliveries));
        Assert.Equal(new JobExtras { MaxDeliveries = 1, Priority = 3 }, job.Extras);
        Assert.True(job.Extras!.HasFailurePolicy);
        Assert.False(JobLifecycle.Revived(job, 7_000));
    }

    [Fact]
    public void A_delivered_at_most_once_job_never_becomes_a_dead_letter()
    {
        var job = Delivered(null, retry: 0);

        Assert.False(JobLifecycle.DeadLettered(job, "q:dead", DeadLetters.FailedReason, "bad", 1));
        Assert.Equal("q", job.Queue);
    }

    [Fact]
    public void A_delivery_given_back_takes_its_backoff_back()
    {
        var job = Delivered(new JobExtras { Backoff = new Backoff(10, 100) });
        job.Owned = true;
        Assert.Equal(35_000, job.QueueAtMs);

        JobLifecycle.Undelivered(job, tag: 1);

        Assert.Equal(30_000, job.QueueAtMs);
    }

    [Fact]
    public void A_late_give_back_never_undoes_a_move_a_deferral_or_a_takeover()
    {
        foreach (var move in new Action<JobRecord>[]
        {
            j => JobLifecycle.DeadLettered(j, "q:dead", DeadLetters.FailedReason, null, 5_000),
            j => JobLifecycle.Deferred(j, 9_000),
            j => JobLifecycle.Adopted(j, 5_000, Takeover.OwnerDied),
        })
        {
            var job = Delivered(new JobExtras { Backoff = new Backoff(10, 100) });
            job.Owned = true;
            move(job);

            Assert.False(JobLifecycle.Undelivered(job, tag: 1));
            Assert.Equal(1, job.Deliveries);
        }
    }
}
