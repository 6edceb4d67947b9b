namespace Disque.Cluster;

/// <summary>
/// How much memory a silo's jobs hold, read cheaply: the heap as it stands, and only
/// when that is over the mark, the heap after a full collection (garbage must not
/// count), at most once every <see cref="CollectEvery"/>. A silo over its limit
/// therefore does not spend its CPU collecting several times a second.
/// </summary>
public sealed class MemoryGauge(Func<bool, long> heap)
{
    public static readonly TimeSpan CollectEvery = TimeSpan.FromSeconds(5);

    private long? _lastCollectMs;

    /// <summary>The default heap reading: GC.GetTotalMemory, after a full collection when asked.</summary>
    public static MemoryGauge OfThisProcess() => new(static collect => GC.GetTotalMemory(forceFullCollection: collect));

    /// <summary>Bytes in use at <paramref name="nowMs"/>, measured exactly (after a collection) when over <paramref name="markBytes"/> and none was made lately.</summary>
    public long Read(long markBytes, long nowMs)
    {
        var used = heap(false);
        if (used <= markBytes || nowMs - _lastCollectMs < (long)CollectEvery.TotalMilliseconds)
            return used;
        _lastCollectMs = nowMs;
        return heap(true);
    }
}
