using Microsoft.Extensions.Hosting;

namespace Disque.Cluster;

/// <summary>
/// Disque's memory rule for one silo: above <see cref="HighWater"/> of its limit
/// (Disque:MaxMemoryMb, 1 GiB as Disque's default, or CONFIG SET maxmemory; 0, as in
/// Disque, leaves no room at all) the silo keeps no new copies;
/// ADDJOB places them on other silos or answers -NOREPL ... I'm out of memory.
/// Jobs already accepted are never dropped for memory. The heap is read by a
/// <see cref="MemoryGauge"/>, so the state clears as soon as consumers drain the
/// queues without a full collection on every check.
/// </summary>
public sealed class MemoryWatcher(NodeState node, ILogger<MemoryWatcher> log) : BackgroundService
{
    /// <summary>Disque's first memory warning level: over 75% of maxmemory, new jobs are replicated elsewhere.</summary>
    public const double HighWater = 0.75;
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    private readonly MemoryGauge _gauge = MemoryGauge.OfThisProcess();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            Check();
    }

    /// <summary>Measures once and updates <see cref="NodeState.OutOfMemory"/>.</summary>
    public void Check()
    {
        var limit = node.MaxMemoryBytes;
        var mark = (long)(limit * HighWater);
        var used = _gauge.Read(mark, Environment.TickCount64);
        var over = used > mark;
        if (over != node.OutOfMemory)
            log.LogWarning("Memory {Used} MB of {Limit} MB: {State}", used >> 20, limit >> 20, over ? "no new copies on this silo" : "taking copies again");
        node.OutOfMemory = over;
    }
}
