namespace Disque.Tests.Simulation.Toy;

/// <summary>
/// A toy protocol to prove the simulator: a primary replicates each version of a counter to two
/// backups and answers the client's write only once both acknowledged it, retrying what times out.
/// Its guarantee: an acknowledged version is on both backups' disks (which survive a restart).
/// <see cref="ToyBug"/> breaks it on purpose in two ways a process-level test rarely sees.
/// </summary>
public interface IPrimary
{
    Task Write(long version);
}

public interface IBackup
{
    Task Store(long version);
}

public enum ToyBug
{
    None,
    /// <summary>The primary takes a replication call that timed out as done ("it probably got there").</summary>
    AckOnTimeout,
    /// <summary>A backup decides "newer than my disk" before its fsync's await and writes after it: a late duplicate overwrites a newer version.</summary>
    CheckBeforeAwait,
}

/// <summary>What outlives a backup incarnation.</summary>
public sealed class Disk
{
    public long Version { get; set; }
}

public sealed class Primary(SimNode node, ToyBug bug) : IPrimary
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the primary waits for one backup's answer, well within the client's own call timeout.</summary>
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromMilliseconds(500);

    public async Task Write(long version) => await Task.WhenAll(Replicate(1, version), Replicate(2, version));

    private async Task Replicate(int backup, long version)
    {
        while (true)
        {
            if (node.View.Find(backup) is { } to)
            {
                try
                {
                    await node.Connect<IBackup>(to).Store(version).WaitAsync(StoreTimeout, node.Time);
                    return;
                }
                catch (TimeoutException) when (bug == ToyBug.AckOnTimeout)
                {
                    return;
                }
                catch (TimeoutException)
                {
                }
            }
            await Task.Delay(RetryDelay, node.Time);
        }
    }
}

public sealed class Backup(SimNode node, Disk disk, ToyBug bug) : IBackup
{
    public async Task Store(long version)
    {
        var newer = version > disk.Version;
        await Task.Delay(TimeSpan.FromMilliseconds(node.Random.Next(1, 50)), node.Time); // the fsync
        if (bug == ToyBug.CheckBeforeAwait ? newer : version > disk.Version)
            disk.Version = version;
    }
}

/// <summary>Writes version after version through whichever primary incarnation its view holds alive, until <paramref name="stopAt"/>.</summary>
public sealed class Client
{
    private readonly SimNode _node;

    public Client(SimNode node, TimeSpan stopAt)
    {
        _node = node;
        node.Watch(Drive(stopAt), "the client");
    }

    /// <summary>The newest version a primary acknowledged.</summary>
    public long Acked { get; private set; }
    public TimeSpan LastAckAt { get; private set; }

    private async Task Drive(TimeSpan stopAt)
    {
        var start = _node.Time.GetUtcNow();
        for (var version = 1L; _node.Time.GetUtcNow() - start < stopAt; version++)
        {
            while (true)
            {
                if (_node.View.Find(0) is { } primary)
                {
                    try
                    {
                        await _node.Connect<IPrimary>(primary).Write(version);
                        break;
                    }
                    catch (TimeoutException)
                    {
                    }
                }
                await Task.Delay(Primary.RetryDelay, _node.Time);
            }
            Acked = version;
            LastAckAt = _node.Time.GetUtcNow() - start;
            await Task.Delay(TimeSpan.FromMilliseconds(_node.Random.Next(0, 100)), _node.Time);
        }
    }
}
