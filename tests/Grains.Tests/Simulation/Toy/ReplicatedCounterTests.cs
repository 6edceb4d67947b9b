using Xunit.Abstractions;

namespace Disque.Tests.Simulation.Toy;

/// <summary>
/// The toy protocol under faults: the correct one keeps its guarantee on every seed, each broken
/// variant is caught within a few seeds, and a seed replays the same schedule.
/// </summary>
public class ReplicatedCounterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FaultsEnd = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan WritesEnd = TimeSpan.FromSeconds(50);

    internal static SimulationResult Run(int seed, ToyBug bug) =>
        Simulation.Run(seed, new SimulationLimits { Duration = WritesEnd + TimeSpan.FromSeconds(5) }, sim =>
        {
            sim.Network.Options = new SimNetworkOptions
            {
                DropRate = 0.02,
                DuplicateRate = 0.05,
                SlowRate = 0.02,
                SlowDelay = TimeSpan.FromSeconds(3),
                CallTimeout = TimeSpan.FromSeconds(2),
            };
            sim.Membership.Options = new SimMembershipOptions
            {
                DeclareDeadAfter = TimeSpan.FromSeconds(5),
                DeclareJitter = TimeSpan.FromSeconds(2),
                ViewLag = TimeSpan.FromSeconds(1),
            };
            Disk[] disks = [new(), new()];
            sim.Add("primary", node => new Primary(node, bug));
            sim.Add("backup 1", node => new Backup(node, disks[0], bug));
            sim.Add("backup 2", node => new Backup(node, disks[1], bug));
            var client = sim.Add("client", node => new Client(node, WritesEnd));
            _ = new SimNemesis(sim, new SimNemesisOptions
            {
                Targets = [0, 1, 2],
                MeanInterval = TimeSpan.FromSeconds(3),
                Until = FaultsEnd,
                PauseLength = TimeSpan.FromSeconds(8),
                Downtime = TimeSpan.FromSeconds(5),
                PartitionLength = TimeSpan.FromSeconds(6),
            });
            return new SimChecks(
                Invariant: () =>
                {
                    var acked = (client.Instance as Client)?.Acked ?? 0;
                    if (acked > disks[0].Version || acked > disks[1].Version)
                        throw new InvalidOperationException(
                            $"version {acked} was acknowledged but the backups hold {disks[0].Version} and {disks[1].Version}");
                },
                Finally: () =>
                {
                    var last = client.As<Client>().LastAckAt;
                    if (last < FaultsEnd)
                        throw new InvalidOperationException($"no write was acknowledged after the faults ended (last at {last})");
                });
        });

    [Fact]
    public void acknowledged_versions_are_on_both_backups_on_every_seed() =>
        output.WriteLine(SimSeeds.RunAll(defaultCount: 300, seed => Run(seed, ToyBug.None)));

    [Theory]
    [InlineData(ToyBug.AckOnTimeout)]
    [InlineData(ToyBug.CheckBeforeAwait)]
    public void finds_the_broken_variant_within_50_seeds(ToyBug bug)
    {
        var failure = SimSeeds.FirstFailing(Enumerable.Range(1, 50), seed => Run(seed, bug));

        Assert.NotNull(failure);
        output.WriteLine(failure.Message);
        Assert.Contains($"SIM_SEED={failure.Seed}", failure.Message);
        var replay = Assert.Throws<SimulationFailure>(() => Run(failure.Seed, bug));
        Assert.Equal(failure.Step, replay.Step); // the same seed fails at the same step
    }

    [Fact]
    public void the_same_seed_gives_the_same_trace()
    {
        var first = Run(7, ToyBug.None);
        var again = Run(7, ToyBug.None);
        var other = Run(8, ToyBug.None);

        Assert.Equal((first.Steps, first.Time, first.TraceHash), (again.Steps, again.Time, again.TraceHash));
        Assert.NotEqual(first.TraceHash, other.TraceHash);
        output.WriteLine($"seed 7: {first.Steps} events, trace {first.TraceHash:x16}; seed 8: {other.Steps} events");
    }
}
