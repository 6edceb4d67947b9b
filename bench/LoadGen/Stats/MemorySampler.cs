using System.Globalization;

namespace Disque.LoadGen.Stats;

/// <summary>Reads the server's memory each time another <c>every</c> jobs have been acked, to show whether it stays flat.</summary>
public sealed class MemorySampler(ServerProbe probe, long every, Func<long> acked)
{
    private readonly List<MemorySample> _samples = [];
    private volatile bool _stopped;

    public IReadOnlyList<MemorySample> Samples => _samples;

    public async Task Sample() => _samples.Add(new MemorySample(acked(), await probe.Memory()));

    public async Task Run()
    {
        var next = every;
        while (!_stopped)
        {
            if (acked() >= next)
            {
                await Sample();
                next += every;
            }
            else
            {
                await Task.Delay(20);
            }
        }
    }

    public void Stop() => _stopped = true;
}

public readonly record struct MemorySample(long Cycles, MemoryInfo Memory)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"after {Cycles,9} cycles: RSS {Mb(Memory.Rss)} MB, GC heap (used_memory) {Mb(Memory.Heap)} MB, used_memory_rss {Mb(Memory.InfoRss)} MB");

    private static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) : "?";
}
