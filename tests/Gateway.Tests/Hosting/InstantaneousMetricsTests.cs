using Disque.Gateway.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Disque.Gateway.Tests;

/// <summary>INFO's instantaneous rates: 16 samples 100 ms apart, and once a second while nothing changes (issue 20: an idle gateway wakes less).</summary>
public sealed class InstantaneousMetricsTests
{
    private readonly FakeTimeProvider _time = new();
    private long _total;

    private void Advance(int times, long add, TimeSpan by)
    {
        for (var i = 0; i < times; i++)
        {
            _total += add;
            _time.Advance(by);
        }
    }

    [Fact]
    public void A_rate_is_the_mean_of_the_last_16_samples_and_sampling_slows_while_nothing_changes()
    {
        using var metrics = new InstantaneousMetrics(_time, () => _total);

        Advance(16, 10, InstantaneousMetrics.Every);
        Assert.Equal(100, metrics.PerSecond(0));

        Advance(16, 0, InstantaneousMetrics.Every);
        Assert.Equal(0, metrics.PerSecond(0));

        // Quiet for a whole window: the next sample comes a second after the last, not 100 ms.
        Advance(1, 1600, InstantaneousMetrics.Every);
        Assert.Equal(0, metrics.PerSecond(0));
        Advance(1, 0, InstantaneousMetrics.WhileQuiet - InstantaneousMetrics.Every);
        Assert.Equal(100, metrics.PerSecond(0));

        // A change seen: every 100 ms again.
        Advance(1, 160, InstantaneousMetrics.Every);
        Assert.Equal(200, metrics.PerSecond(0));
    }

    [Fact]
    public void Disposed_it_samples_no_more()
    {
        var metrics = new InstantaneousMetrics(_time, () => _total);
        metrics.Dispose();
        Advance(16, 10, InstantaneousMetrics.Every);
        Assert.Equal(0, metrics.PerSecond(0));
    }
}
