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

    /// <summary>
    /// Below half the mark a check comes once a second (an idle silo wakes less, issue 20): filling a
    /// quarter of the limit within a second is beyond any rate a silo takes jobs at.
    /// </summary>
    private static readonly TimeSpan WhileLow = TimeSpan.FromSeconds(1);

    private readonly MemoryGauge _gauge = MemoryGauge.OfThisProcess();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
            await Task.Delay(Check() ? WhileLow : Every, stoppingToken);
    }

    /// <summary>Measures once and updates <see cref="NodeState.OutOfMemory"/>; true when the silo uses under half the mark.</summary>
    public bool Check()
    {
        var limit = node.MaxMemoryBytes;
        var mark = (long)(limit * HighWater);
        var used = _gauge.Read(mark, Environment.TickCount64);
        var over = used > mark;
        if (over != node.OutOfMemory)
            log.LogWarning("Memory {Used} MB of {Limit} MB: {State}", used >> 20, limit >> 20, over ? "no new copies on this silo" : "taking copies again");
        node.OutOfMemory = over;
        return used < mark / 2;
    }
}
