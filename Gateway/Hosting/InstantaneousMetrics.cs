namespace Disque.Gateway.Hosting;

/// <summary>
/// INFO's instantaneous_ops_per_sec and _kbps: like Disque, a rate sampled every
/// 100 ms from the running totals and averaged over the last 16 samples.
/// </summary>
public sealed class InstantaneousMetrics : IDisposable
{
    private const int Samples = 16;
    private readonly Func<long>[] _totals;
    private readonly long[,] _rates;
    private readonly long[] _lastTotal;
    private long _lastSampleMs = Environment.TickCount64;
    private int _next;
    private readonly Timer _timer;

    public InstantaneousMetrics(params Func<long>[] totals)
    {
        _totals = totals;
        _rates = new long[totals.Length, Samples];
        _lastTotal = [.. totals.Select(t => t())];
        _timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    private void Sample()
    {
        lock (_rates)
        {
            var now = Environment.TickCount64;
            var elapsed = now - _lastSampleMs;
            for (var i = 0; i < _totals.Length; i++)
            {
                var total = _totals[i]();
                _rates[i, _next] = elapsed > 0 ? (total - _lastTotal[i]) * 1000 / elapsed : 0;
                _lastTotal[i] = total;
            }
            _lastSampleMs = now;
            _next = (_next + 1) % Samples;
        }
    }

    /// <summary>The mean of the last samples of total <paramref name="index"/>, per second.</summary>
    public long PerSecond(int index)
    {
        lock (_rates)
        {
            long sum = 0;
            for (var j = 0; j < Samples; j++)
                sum += _rates[index, j];
            return sum / Samples;
        }
    }

    public void Dispose() => _timer.Dispose();
}
