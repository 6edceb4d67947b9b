using Disque.Dashboard.Reading;
using Disque.Dashboard.Sampling;
using Microsoft.Extensions.Time.Testing;

namespace Disque.Dashboard.Tests.Units;

/// <summary>Rates from counters sampled over time: per silo, over a window, never negative when a silo goes.</summary>
public sealed class HistoryTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static NodeRow Node(string id, long added, string state = "up") =>
        new() { Id = id, Address = "127.0.0.1:1", State = state, Counters = new Counts(added, 0, 0, 0, 0) };

    [Fact]
    public void Cluster_rates_count_each_silo_and_ignore_silos_that_came_or_went()
    {
        var history = new ClusterHistory(_time);
        history.Add([Node("a", 100), Node("b", 50)]);
        _time.Advance(TimeSpan.FromSeconds(2));
        history.Add([Node("a", 110), Node("b", 60)]);
        _time.Advance(TimeSpan.FromSeconds(2));
        history.Add([Node("a", 114), Node("b", 60, "dead"), Node("c", 1000)]); // b died (its totals leave), c is new

        var points = history.Points;
        Assert.Null(points[0].Rates);
        Assert.Equal(10, points[1].Rates!.Added); // 20 jobs in 2 s
        Assert.Equal(3.5, points[2].Rates!.Added); // only a counts: 14 jobs in 4 s
        Assert.Equal(1114, points[2].Totals.Added);
    }

    [Fact]
    public void Cluster_rates_are_over_the_last_ten_seconds_so_batches_do_not_read_as_spikes()
    {
        var history = new ClusterHistory(_time);
        for (var second = 0; second <= 30; second += 2)
        {
            history.Add([Node("a", second / 10 * 30)]); // 30 jobs at once every 10 s
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.All(history.Points.Skip(5), p => Assert.Equal(3, p.Rates!.Added)); // 30 jobs each 10 s, whichever sample
    }

    [Fact]
    public void Cluster_history_keeps_the_last_ten_minutes()
    {
        var history = new ClusterHistory(_time);
        for (var i = 0; i < 400; i++)
        {
            history.Add([Node("a", i)]);
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.InRange(history.Points.Count, 300, 301);
    }

    [Fact]
    public void Queue_rates_are_the_counters_change_over_the_last_minute()
    {
        var queues = new QueueHistory(_time);
        Assert.Null(queues.Rates("q"));
        queues.Add("q", 0, 0);
        _time.Advance(TimeSpan.FromSeconds(1));
        queues.Add("q", 5, 0);
        Assert.Null(queues.Rates("q")); // too short a time to call it a rate
        for (var i = 1; i <= 12; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            queues.Add("q", 5 + (i * 100), i * 50);
        }
        var (jobsIn, jobsOut) = queues.Rates("q")!.Value;
        Assert.Equal(10, jobsIn, precision: 6); // 100 jobs each 10 s
        Assert.Equal(5, jobsOut, precision: 6);
        Assert.All(queues.Series("q").Skip(1), p => Assert.Equal(10, p.In, precision: 6));
    }

    [Fact]
    public void A_queue_whose_counters_start_again_starts_a_new_history()
    {
        var queues = new QueueHistory(_time);
        queues.Add("q", 1000, 1000);
        _time.Advance(TimeSpan.FromSeconds(10));
        queues.Add("q", 10, 0); // its grain's state was lost
        _time.Advance(TimeSpan.FromSeconds(10));
        queues.Add("q", 30, 0);

        Assert.Equal((2.0, 0.0), queues.Rates("q"));
    }
}
