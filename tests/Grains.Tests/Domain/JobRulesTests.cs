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
}
