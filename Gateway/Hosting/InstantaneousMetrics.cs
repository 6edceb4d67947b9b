namespace Disque.Gateway.Hosting;

/// <summary>
/// INFO's instantaneous_ops_per_sec and _kbps: like Disque, a rate sampled every
/// 100 ms from the running totals and averaged over the last 16 samples. Once a whole
/// window of samples saw no change (every rate 0), it samples once a second instead, and
/// every 100 ms again from the first sample that sees a change: an idle gateway wakes
/// ten times less for it (issue 20), and a rate shows at most a second later.
/// The timer's callback and the readers share one lock; after Dispose it samples no more.
/// </summary>
public sealed class InstantaneousMetrics : IDisposable
{
    private const int Samples = 16;
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan WhileQuiet = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Func<long>[] _totals;
    private readonly long[,] _rates;
    private readonly long[] _lastTotal;
    private long _lastSample;
    private int _next;
    private int _quiet;
    private bool _disposed;
    private readonly ITimer _timer;

    public InstantaneousMetrics(params Func<long>[] totals) : this(TimeProvider.System, totals) { }

    public InstantaneousMetrics(TimeProvider time, params Func<long>[] totals)
    {
        _time = time;
        _totals = totals;
        _rates = new long[totals.Length, Samples];
        _lastTotal = [.. totals.Select(t => t())];
        _lastSample = time.GetTimestamp();
        _timer = time.CreateTimer(static self => ((InstantaneousMetrics)self!).Sample(), this, Every, Every);
    }

    private void Sample()
    {
        lock (_rates)
        {
            if (_disposed)
                return;
            var now = _time.GetTimestamp();
            var elapsedMs = (long)_time.GetElapsedTime(_lastSample, now).TotalMilliseconds;
            var changed = false;
            for (var i = 0; i < _totals.Length; i++)
            {
                var total = _totals[i]();
                changed |= total != _lastTotal[i];
                _rates[i, _next] = elapsedMs > 0 ? (total - _lastTotal[i]) * 1000 / elapsedMs : 0;
                _lastTotal[i] = total;
            }
            _lastSample = now;
            _next = (_next + 1) % Samples;
            if (changed && _quiet >= Samples)
                _timer.Change(Every, Every);
            _quiet = changed ? 0 : _quiet + 1;
            if (_quiet == Samples)
                _timer.Change(WhileQuiet, WhileQuiet);
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

    public void Dispose()
    {
        lock (_rates)
            _disposed = true;
        _timer.Dispose();
    }
}
