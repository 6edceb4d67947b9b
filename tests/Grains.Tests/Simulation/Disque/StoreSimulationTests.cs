using Xunit.Abstractions;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// The job store's protocol under the deterministic simulation: the real StoreCore, GETJOB flow
/// and job router on three simulated silos, with a network that delays, drops, duplicates and
/// reorders, silos that pause, crash and restart, membership that learns late, and (in durable
/// mode) clean rolling restarts that hand jobs over. The <see cref="Ledger"/>'s promises are
/// checked after every event, and at the end no job may be lost while a copy survives.
/// A failure names its seed: replay it with SIM_SEED=n (SIM_TRACE=file writes every event);
/// scripts/simulate.sh runs many more seeds than CI. Each silo runs one or two job stores,
/// by the seed (issue 20).
/// </summary>
public sealed class StoreSimulationTests(ITestOutputHelper output)
{
    private const int Silos = 3;

    internal static SimulationResult Run(int seed, bool durable, bool policies = false)
    {
        // Durable runs go on past the recovery lock's lease (30 s): a silo that died recovering holds it that long.
        var load = (durable ? new Workload { End = TimeSpan.FromSeconds(300) } : new Workload()) with { Policies = policies };
        return Simulation.Run(seed, new SimulationLimits { Duration = load.End }, sim =>
        {
            sim.Network.Options = new SimNetworkOptions
            {
                DropRate = 0.01,
                DuplicateRate = 0.02,
                SlowRate = 0.02,
                SlowDelay = TimeSpan.FromSeconds(2),
                CallTimeout = TimeSpan.FromSeconds(30),
            };
            sim.Membership.Options = new SimMembershipOptions
            {
                DeclareDeadAfter = TimeSpan.FromSeconds(6),
                DeclareJitter = TimeSpan.FromSeconds(3),
                ViewLag = TimeSpan.FromSeconds(1),
            };
            // Issue 20: each silo runs one job store or two, chosen by the seed (one bit a silo), so
            // runs cover K = 1, K = 2 and silos with different K together.
            var world = new SimWorld(sim, Silos, durable, silo => 1 + ((seed >> silo) & 1));
            sim.Add("clients", node => new Clients(node, world, load));
            _ = new SimNemesis(sim, new SimNemesisOptions
            {
                Targets = [.. Enumerable.Range(0, Silos)],
                MeanInterval = TimeSpan.FromSeconds(4),
                Until = load.FaultsUntil,
                PauseLength = TimeSpan.FromSeconds(12),
                Downtime = TimeSpan.FromSeconds(6),
                PartitionLength = TimeSpan.FromSeconds(8),
            });
            if (durable)
                _ = new RollingRestarts(world, TimeSpan.FromSeconds(7), load.FaultsUntil);
            return new SimChecks(
                Invariant: () =>
                {
                    world.Ledger.CheckWaits();
                    world.Ledger.ThrowIfBroken();
                },
                Finally: () =>
                {
                    var lost = world.Ledger.LostJobs(world.Missing).ToList();
                    if (lost.Count > 0)
                        throw new InvalidOperationException($"{lost.Count} jobs lost while a copy survived, the first: {lost[0]}");
                    if (world.Ledger.Jobs.Count == 0)
                        throw new InvalidOperationException("no job was accepted: the run proves nothing");
                });
        });
    }

    [Fact]
    public void Memory_mode_keeps_every_promise_on_every_seed() =>
        output.WriteLine(SimSeeds.RunAll(defaultCount: 2000, seed => Run(seed, durable: false)));

    [Fact]
    public void Durable_mode_with_rolling_restarts_keeps_every_promise_on_every_seed() =>
        output.WriteLine(SimSeeds.RunAll(defaultCount: 1000, seed => Run(seed, durable: true)));

    /// <summary>Ours, beyond Disque: failure policies, dead letters, verdicts, REVIVE and priorities keep Disque's promises too.</summary>
    [Fact]
    public void Failure_policies_keep_every_promise_on_every_seed() =>
        output.WriteLine(SimSeeds.RunAll(defaultCount: 300, seed => Run(seed, durable: false, policies: true)));

    [Fact]
    public void Failure_policies_in_durable_mode_keep_every_promise_on_every_seed() =>
        output.WriteLine(SimSeeds.RunAll(defaultCount: 150, seed => Run(seed, durable: true, policies: true)));

    [Fact]
    public void A_seed_replays_the_same_schedule()
    {
        var first = Run(7, durable: true);
        var again = Run(7, durable: true);
        Assert.Equal(first.TraceHash, again.TraceHash);
        Assert.Equal(first.Steps, again.Steps);
    }
}
