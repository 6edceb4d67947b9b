using Orleans.Runtime;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// A scripted run of the simulation, for a finding one path shows best (a paused silo, a slow
/// answer, what a wait cost): three silos running the real store on a network that drops and
/// duplicates nothing, membership that declares a paused silo dead only after
/// <c>declareDeadAfter</c> (5 minutes unless given), and a script on a node of its own that drives
/// the silos step by step in virtual time. The <see cref="Ledger"/>'s promises are checked after
/// every event; an assertion that fails in the script fails the run at once.
/// </summary>
internal sealed class Scenario
{
    private Scenario(Sim sim, SimWorld world)
    {
        Sim = sim;
        World = world;
    }

    public Sim Sim { get; }

    public SimWorld World { get; }

    public TimeSpan Now => Sim.Loop.Now;

    /// <summary>The silo address of node <paramref name="silo"/>'s current incarnation.</summary>
    public SiloAddress Address(int silo) => World.Names.Silo(Sim.Nodes[silo].Address);

    /// <summary>Runs <paramref name="work"/> in silo <paramref name="silo"/>'s turn; the script goes on in its own.</summary>
    public Task<T> On<T>(int silo, Func<SimSilo, Task<T>> work) => Sim.Nodes[silo].Scheduler.Run(() => work(Sim.Nodes[silo].As<SimSilo>()));

    /// <inheritdoc cref="On{T}"/>
    public Task On(int silo, Func<SimSilo, Task> work) => Sim.Nodes[silo].Scheduler.Run(() => work(Sim.Nodes[silo].As<SimSilo>()));

    /// <summary>Virtual time passes for the script (the silos run meanwhile).</summary>
    public Task Wait(TimeSpan time) => Task.Delay(time, Sim.Loop);

    /// <summary>ADDJOB of <paramref name="count"/> jobs of <paramref name="queue"/> on one silo, in one call; their ids.</summary>
    public async Task<JobId[]> Add(int silo, string queue, int count, int replicate = 1, bool async = false)
    {
        JobSpec[] specs = [.. Enumerable.Range(0, count).Select(_ => new JobSpec
        {
            Queue = queue,
            Body = [1],
            Replicate = replicate,
            RetrySeconds = 60,
            TtlSeconds = 3600,
            Async = async,
        })];
        var added = await On(silo, s => s.Core.Add(specs, forwarded: false));
        Assert.All(added, a => Assert.Null(a.Error));
        return [.. added.Select(a => a.Value)];
    }

    /// <summary>The ids of these that silo <paramref name="silo"/> holds a copy of.</summary>
    public Task<JobId[]> Held(int silo, JobId[] ids) =>
        On(silo, s => Task.FromResult(ids.Where(id => s.Core.Record(id) is { State: not JobState.Acked }).ToArray()));

    public static void Run(Func<Scenario, Task> script, TimeSpan? declareDeadAfter = null, TimeSpan? until = null)
    {
        Task? running = null;
        Simulation.Run(seed: 1, new SimulationLimits { Duration = until ?? TimeSpan.FromMinutes(2) }, sim =>
        {
            sim.Membership.Options = new SimMembershipOptions
            {
                DeclareDeadAfter = declareDeadAfter ?? TimeSpan.FromMinutes(5),
                DeclareJitter = TimeSpan.Zero,
                ViewLag = TimeSpan.FromMilliseconds(500),
            };
            var world = new SimWorld(sim, silos: 3, durable: false);
            var scenario = new Scenario(sim, world);
            sim.Add("script", node =>
            {
                running = Start(scenario, script);
                node.Watch(running, "the script");
                return scenario;
            });
            return new SimChecks(world.Ledger.ThrowIfBroken, () =>
            {
                if (running is not { IsCompletedSuccessfully: true })
                    throw new InvalidOperationException("The script did not finish within the run.");
            });
        });
    }

    /// <summary>The silos start (a tick or two) before the script's first step.</summary>
    private static async Task Start(Scenario scenario, Func<Scenario, Task> script)
    {
        await scenario.Wait(TimeSpan.FromSeconds(1));
        await script(scenario);
    }
}
