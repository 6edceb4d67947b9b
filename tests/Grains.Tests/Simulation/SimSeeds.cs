using System.Diagnostics;
using System.Globalization;

namespace Disque.Tests.Simulation;

/// <summary>
/// Which seeds a simulation test runs, from the environment:
/// <c>SIM_SEED=n</c> replays that one seed; <c>SIM_SEEDS=count</c> runs that many
/// (from <c>SIM_SEED_FROM</c>, default 1); neither runs the test's own default count.
/// The default seeds are fixed (1, 2, …), so CI is reproducible; a script widens the search
/// with SIM_SEEDS and SIM_SEED_FROM. Seeds run one after the other on the test's thread.
/// </summary>
public static class SimSeeds
{
    public static IReadOnlyList<int> FromEnvironment(int defaultCount)
    {
        if (Read("SIM_SEED") is { } one)
            return [one];
        var from = Read("SIM_SEED_FROM") ?? 1;
        return [.. Enumerable.Range(from, Read("SIM_SEEDS") ?? defaultCount)];
    }

    /// <summary>Runs every seed; the first failure ends the test, its message naming the seed. Returns a line for the test's output.</summary>
    public static string RunAll(int defaultCount, Func<int, SimulationResult> run)
    {
        var seeds = FromEnvironment(defaultCount);
        var clock = Stopwatch.StartNew();
        long steps = 0;
        foreach (var seed in seeds)
            steps += run(seed).Steps;
        return $"{seeds.Count} seeds ({seeds[0]}..{seeds[^1]}), {steps} events, {clock.Elapsed.TotalSeconds:0.0} s";
    }

    /// <summary>The first seed of <paramref name="seeds"/> whose run fails, with its failure; null when all pass.</summary>
    public static SimulationFailure? FirstFailing(IEnumerable<int> seeds, Func<int, SimulationResult> run)
    {
        foreach (var seed in seeds)
        {
            try
            {
                run(seed);
            }
            catch (SimulationFailure failure)
            {
                return failure;
            }
        }
        return null;
    }

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
