namespace Disque.Tests.Simulation;

/// <summary>
/// One incarnation of a simulated node: what its code is given (its address, the clock, its
/// membership view, a seeded Random, proxies to other nodes) and what the harness sees of it.
/// Guarantees: <see cref="Instance"/> is made by the node's factory in the node's own turn (so
/// whatever the constructor starts runs on the node's scheduler); a crash ends this incarnation
/// for good, and a restart makes a new <see cref="SimNode"/> with the next generation.
/// </summary>
public sealed class SimNode
{
    private readonly Sim _sim;

    internal SimNode(Sim sim, SimAddress address, string name, SimNodeScheduler scheduler, SimView view)
    {
        _sim = sim;
        Address = address;
        Name = name;
        View = view;
        Scheduler = scheduler;
        Random = new Random(sim.Loop.Random.Next());
    }

    public SimAddress Address { get; }
    public string Name { get; }

    /// <summary>The simulation's clock: give it to node code as its <see cref="TimeProvider"/>.</summary>
    public TimeProvider Time => _sim.Loop;

    /// <summary>This incarnation's view of the membership: it lags behind the truth.</summary>
    public SimView View { get; }

    /// <summary>This incarnation's own seeded randomness (ids, jitter): node code must not use Guid.NewGuid or Random.Shared.</summary>
    public Random Random { get; }

    public SimNodeScheduler Scheduler { get; }

    /// <summary>What the factory made; null until the node's first turn has run.</summary>
    public object? Instance { get; internal set; }

    public bool IsCrashed => Scheduler.IsDead;
    public bool IsPaused => Scheduler.IsPaused;

    /// <summary>Counts pauses, so that a check scheduled for one pause does not judge the next.</summary>
    internal int PauseEpisode { get; set; }

    /// <summary>Another node incarnation's <typeparamref name="T"/>, reached over the simulated network.</summary>
    public T Connect<T>(SimAddress to) where T : class => _sim.Network.Connect<T>(Address, to);

    /// <summary>
    /// Watches a task that node code started and nobody awaits (a background loop): if it faults,
    /// the simulation fails with its exception instead of losing it.
    /// </summary>
    public void Watch(Task task, string what) =>
        task.ContinueWith(
            t => _sim.Loop.ReportFailure(new InvalidOperationException($"{what} on {Address} failed", t.Exception!.InnerException)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, Scheduler);

    /// <summary>The instance, as the type the test made it.</summary>
    public T As<T>() => (T)(Instance ?? throw new InvalidOperationException($"{Address} has not started yet."));

    public override string ToString() => $"{Name} {Address}";
}
