namespace Disque.Tests.Simulation;

/// <summary>
/// Membership as Orleans keeps it: a table of incarnations (joined, declared dead), and one view
/// per incarnation that learns of each change late. Guarantees:
/// - a crashed incarnation is declared dead <see cref="SimMembershipOptions.DeclareDeadAfter"/>
///   (plus seeded jitter) after it crashed, one paused for that long while still paused; a
///   restart declares the previous incarnation dead at once (its successor took its place);
/// - each view learns of a join or a death after its own seeded lag, as a work item of its node
///   (so a paused node learns nothing until it resumes), and never undoes a death;
/// - an incarnation whose own view learns that it was declared dead stops (it crashes), as a silo
///   does; until then it runs, which is the window where two nodes each think they own a thing.
/// </summary>
public sealed class SimMembership(SimLoop loop, SimMembershipOptions options, Action<SimAddress> stop)
{
    private readonly Dictionary<SimAddress, bool> _table = []; // address -> declared dead
    private readonly List<SimView> _views = [];

    /// <summary>Set them in a run's setup, before the first event.</summary>
    public SimMembershipOptions Options { get; set; } = options;

    /// <summary>The truth: declared dead (which lags behind the crash itself).</summary>
    public bool IsDeclaredDead(SimAddress address) => _table.TryGetValue(address, out var dead) && dead;

    internal SimView Join(SimAddress address, SimNodeScheduler scheduler)
    {
        var view = new SimView(address, scheduler, _table);
        view.Learn(address, dead: false);
        _table[address] = false;
        Tell(address, dead: false);
        _views.Add(view);
        return view;
    }

    internal void Crashed(SimAddress address) =>
        loop.Schedule(Options.DeclareDeadAfter + Jitter(Options.DeclareJitter), $"declare {address} dead", () => Declare(address));

    internal void Paused(SimNode node)
    {
        var episode = node.PauseEpisode;
        loop.Schedule(Options.DeclareDeadAfter + Jitter(Options.DeclareJitter), $"suspect {node.Address}", () =>
        {
            if (node.IsPaused && node.PauseEpisode == episode)
                Declare(node.Address);
        });
    }

    internal void Declare(SimAddress address)
    {
        if (IsDeclaredDead(address))
            return;
        _table[address] = true;
        loop.Trace($"declared dead {address}");
        Tell(address, dead: true);
    }

    private void Tell(SimAddress address, bool dead)
    {
        foreach (var view in _views)
        {
            if (view.Scheduler.IsDead)
                continue;
            loop.Schedule(Jitter(Options.ViewLag), $"view {view.Self} hears {address} {(dead ? "dead" : "joined")}", () =>
                view.Scheduler.Run("membership change", () =>
                {
                    if (view.Learn(address, dead) && dead && address == view.Self)
                        stop(address);
                }));
        }
    }

    private TimeSpan Jitter(TimeSpan max) => TimeSpan.FromTicks((long)(loop.Random.NextDouble() * max.Ticks));
}

/// <summary>
/// One incarnation's view of the membership. Read it in the node's turn; <see cref="Changed"/>
/// is raised there too, once per address and status it learns.
/// </summary>
public sealed class SimView
{
    private readonly Dictionary<SimAddress, bool> _dead;

    internal SimView(SimAddress self, SimNodeScheduler scheduler, Dictionary<SimAddress, bool> table)
    {
        Self = self;
        Scheduler = scheduler;
        _dead = new(table);
    }

    public SimAddress Self { get; }
    internal SimNodeScheduler Scheduler { get; }

    /// <summary>The incarnations this view holds alive, by node then generation.</summary>
    public IReadOnlyList<SimAddress> Alive =>
        [.. _dead.Where(e => !e.Value).Select(e => e.Key).OrderBy(a => a.Node).ThenBy(a => a.Generation)];

    public bool IsAlive(SimAddress address) => _dead.TryGetValue(address, out var dead) && !dead;

    /// <summary>This view has learnt that membership declared <paramref name="address"/> dead.</summary>
    public bool IsDeclaredDead(SimAddress address) => _dead.TryGetValue(address, out var dead) && dead;

    /// <summary>The newest incarnation of <paramref name="node"/> this view holds alive, if any.</summary>
    public SimAddress? Find(int node) =>
        Alive.Where(a => a.Node == node).Select(a => (SimAddress?)a).LastOrDefault();

    /// <summary>Raised in the node's turn with an address and whether it is now alive.</summary>
    public event Action<SimAddress, bool>? Changed;

    internal bool Learn(SimAddress address, bool dead)
    {
        if (_dead.TryGetValue(address, out var known) && (known || !dead))
            return false; // nothing new, and a death is never undone
        _dead[address] = dead;
        Changed?.Invoke(address, !dead);
        return true;
    }
}

/// <summary>Membership's timing. Orleans declares a silo dead after missed probes: seconds, not milliseconds.</summary>
public sealed record SimMembershipOptions
{
    public TimeSpan DeclareDeadAfter { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan DeclareJitter { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Each view learns of each change within this much of it.</summary>
    public TimeSpan ViewLag { get; init; } = TimeSpan.FromSeconds(2);
}
