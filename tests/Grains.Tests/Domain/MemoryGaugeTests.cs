using Disque.Cluster;

namespace Disque.Tests.Domain;

/// <summary>A silo over its memory limit reads its heap without a full collection on every check (issue 12, finding 5).</summary>
public sealed class MemoryGaugeTests
{
    private const long Mark = 1000;

    [Fact]
    public void Over_the_mark_a_full_collection_is_made_at_most_once_every_five_seconds()
    {
        var collections = 0;
        var gauge = new MemoryGauge(collect =>
        {
            collections += collect ? 1 : 0;
            return 2 * Mark;
        });

        // Ten seconds of checks four times a second, over the mark all along.
        for (long now = 0; now < 10_000; now += 250)
            Assert.Equal(2 * Mark, gauge.Read(Mark, now));

        Assert.Equal(2, collections);
    }

    [Fact]
    public void Garbage_does_not_count_once_a_collection_is_due()
    {
        var gauge = new MemoryGauge(collect => collect ? Mark / 2 : 2 * Mark);
        Assert.Equal(Mark / 2, gauge.Read(Mark, nowMs: 0));
    }

    [Fact]
    public void Below_the_mark_nothing_is_collected()
    {
        var collections = 0;
        var gauge = new MemoryGauge(collect =>
        {
            collections += collect ? 1 : 0;
            return Mark / 2;
        });
        for (long now = 0; now < 10_000; now += 250)
            gauge.Read(Mark, now);
        Assert.Equal(0, collections);
    }
}
