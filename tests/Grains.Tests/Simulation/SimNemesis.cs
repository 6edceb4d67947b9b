namespace Disque.Tests.Simulation;

/// <summary>
/// Jepsen's nemesis, seeded: at random moments it pauses a node, crashes one (restarting it after
/// some downtime) or cuts a link (one way or both), each for a random while. Guarantees: every
/// fault it makes it also ends (resume, restart, heal), so a run does not stay broken; a target
/// that stopped on its own (declared dead) is restarted too, even after the faults end; after <see cref="SimNemesisOptions.Until"/>
/// it makes no new fault, ends those still open, and leaves the world whole for liveness checks.
/// </summary>
public sealed class SimNemesis
{
    private readonly Sim _sim;
    private readonly SimNemesisOptions _options;
    private readonly HashSet<int> _restarting = [];

    public SimNemesis(Sim sim, SimNemesisOptions options)
    {
        _sim = sim;
        _options = options;
        sim.Stopped += node =>
        {
            if (_options.Targets.Contains(node.Address.Node) && _restarting.Add(node.Address.Node))
                Later(_options.Downtime, $"restart n{node.Address.Node}", () => Restart(node.Address.Node));
        };
        Next();
    }

    public int Faults { get; private set; }

    private Random Random => _sim.Loop.Random;

    private void Next() => _sim.Loop.Schedule(Between(TimeSpan.Zero, 2 * _options.MeanInterval), "nemesis", Strike);

    private void Strike()
    {
        if (_sim.Loop.Now >= _options.Until)
        {
            _sim.Network.HealAll();
            foreach (var node in _options.Targets)
            {
                _sim.Resume(node);
                if (_sim.Nodes[node].IsCrashed && _restarting.Add(node))
                    _sim.Restart(node);
            }
            return;
        }

        var target = Pick();
        var roll = Random.NextDouble() * (_options.PauseWeight + _options.CrashWeight + _options.PartitionWeight);
        if (roll < _options.PauseWeight)
        {
            _sim.Pause(target);
            Later(_options.PauseLength, $"resume n{target}", () => _sim.Resume(target));
        }
        else if (roll < _options.PauseWeight + _options.CrashWeight)
        {
            if (_restarting.Add(target))
            {
                _sim.Crash(target);
                Later(_options.Downtime, $"restart n{target}", () => Restart(target));
            }
        }
        else
        {
            var other = Pick();
            if (other != target)
            {
                _sim.Network.Partition(target, other, oneWay: Random.Next(2) == 0);
                Later(_options.PartitionLength, $"heal n{target}-n{other}", () => _sim.Network.Heal(target, other));
            }
        }
        Faults++;
        Next();
    }

    private void Restart(int node)
    {
        _restarting.Remove(node);
        if (_sim.Nodes[node].IsCrashed) // not already restarted when the nemesis stopped
            _sim.Restart(node);
    }

    private int Pick() => _options.Targets[Random.Next(_options.Targets.Count)];

    private void Later(TimeSpan max, string label, Action action) =>
        _sim.Loop.Schedule(Between(TimeSpan.Zero, max), label, action);

    private TimeSpan Between(TimeSpan min, TimeSpan max) =>
        min + TimeSpan.FromTicks((long)(Random.NextDouble() * (max - min).Ticks));
}

/// <summary>What the nemesis may do, to whom, how often and for how long (each length is a maximum, drawn uniformly).</summary>
public sealed record SimNemesisOptions
{
    public required IReadOnlyList<int> Targets { get; init; }
    public TimeSpan MeanInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Until { get; init; } = TimeSpan.MaxValue;
    public double PauseWeight { get; init; } = 1;
    public double CrashWeight { get; init; } = 1;
    public double PartitionWeight { get; init; } = 1;
    /// <summary>Up to 20 s: long enough, sometimes, for membership to declare the node dead.</summary>
    public TimeSpan PauseLength { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Downtime { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan PartitionLength { get; init; } = TimeSpan.FromSeconds(15);
}
