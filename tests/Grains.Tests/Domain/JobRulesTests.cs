using Disque.Domain;

namespace Disque.Tests.Domain;

public class JobRulesTests
{
    private static JobSpec Spec(int replicate = 0, int retry = -1, int ttl = 86400, int delay = 0) =>
        new() { Queue = "q", Body = [], Replicate = replicate, RetrySeconds = retry, TtlSeconds = ttl, DelaySeconds = delay };

    [Theory]
    [InlineData(86400, 300)]
    [InlineData(100, 10)]
    [InlineData(5, 1)]
    [InlineData(1, 1)]
    public void Default_retry_is_a_tenth_of_TTL_between_1_and_300(int ttl, int retry) =>
        Assert.Equal(retry, JobRules.Resolve(Spec(ttl: ttl), 1).Value.RetrySeconds);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 3)]
    public void Default_replication_is_min_3_silos(int silos, int replicate)
    {
        Assert.Equal(replicate, JobRules.DefaultReplicate(silos));
        Assert.Equal(replicate, JobRules.Resolve(Spec(), JobRules.DefaultReplicate(silos)).Value.Replicate);
    }

    [Fact]
    public void At_most_once_needs_exactly_one_copy()
    {
        Assert.Equal(DisqueError.AtMostOnceReplicate, JobRules.Resolve(Spec(replicate: 2, retry: 0), 3).Error);
        // With several silos the default replication is above one, so RETRY 0 alone is refused too.
        Assert.Equal(DisqueError.AtMostOnceReplicate, JobRules.Resolve(Spec(retry: 0), 3).Error);
        Assert.Equal(new JobTerms(1, 0), JobRules.Resolve(Spec(replicate: 1, retry: 0), 3).Value);
        Assert.Equal(new JobTerms(1, 0), JobRules.Resolve(Spec(retry: 0), 1).Value);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(10, 11)]
    public void A_delay_that_reaches_the_TTL_is_refused(int ttl, int delay) =>
        Assert.Equal(DisqueError.DelayNotBelowTtl, JobRules.Resolve(Spec(ttl: ttl, delay: delay), 1).Error);

    [Theory]
    [InlineData(86400L, 300L, 0x05a1)]
    [InlineData(100L, 10L, 0x0001)]
    [InlineData(3600L, 0L, 0x003c)]
    [InlineData(4_000_000L, 1L, 0xffff)]
    [InlineData(2_147_483_648L, 300L, 0x0001)] // TTL wraps to a negative int: Disque takes 1 minute
    [InlineData(86_400L, 2_147_483_648L, 0x05a0)] // RETRY wraps to a negative int: even, as at-most-once
    [InlineData(2_147_483_647L, 3_000_000_000L, 0xfffe)]
    public void The_id_suffix_is_Disques_for_any_64_bit_TTL_and_RETRY(long ttl, long retry, int suffix) =>
        Assert.Equal(suffix, JobRules.TtlSuffix(ttl, retry));

    [Fact]
    public void Times_past_the_range_of_milliseconds_never_come()
    {
        Assert.Equal(1_000 + 5_000, JobRules.AfterSeconds(1_000, 5));
        Assert.Equal(JobRules.NeverMs, JobRules.AfterSeconds(1_000, long.MaxValue));
        Assert.Equal(JobRules.NeverMs, JobRules.AfterSeconds(1_764_000_000_000, long.MaxValue / 1000));
        Assert.True(JobRules.AfterSeconds(1_764_000_000_000, 2_147_483_650) < JobRules.NeverMs);
    }
}
