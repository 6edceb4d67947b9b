namespace Disque.Tests.Simulation;

/// <summary>
/// Runs one seed: builds the world, runs its events one by one on the calling thread and checks
/// the invariant after every event. Guarantees: the same seed and the same code give the same
/// schedule, step for step (<see cref="SimulationResult.TraceHash"/>); any failure (an invariant,
/// node code that threw in a timer or turn, work that escaped the loop's thread) is thrown as a
/// <see cref="SimulationFailure"/> naming the seed, the step, the virtual time and the last events.
/// With <c>SIM_TRACE=file</c> every event and trace line of the run goes to that file (use it with
/// <c>SIM_SEED</c>: one run writes it).
/// </summary>
public static class Simulation
{
    /// <summary>
    /// Runs <paramref name="seed"/> until <paramref name="limits"/> or until no event is left.
    /// <paramref name="setup"/> adds the nodes (and may set the network's and membership's options)
    /// and returns the checks.
    /// </summary>
    public static SimulationResult Run(int seed, SimulationLimits limits, Func<Sim, SimChecks> setup)
    {
        var sim = new Sim(seed);
        using var trace = Environment.GetEnvironmentVariable("SIM_TRACE") is { Length: > 0 } path ? new StreamWriter(path) : null;
        if (trace is not null)
            sim.Loop.Listener = trace.WriteLine;
        var checks = Guard(sim, "setup", () => setup(sim));
        while (sim.Loop.Steps < limits.MaxSteps && sim.Loop.NextDue is { } due && due <= limits.Duration)
        {
            sim.Loop.RunNext();
            if (sim.Loop.Failure is { } failure)
                throw new SimulationFailure(sim, "a node or the loop failed", failure);
            Guard(sim, "invariant", () => { checks.Invariant(); return 0; });
        }
        if (checks.Finally is { } atEnd)
            Guard(sim, "final check", () => { atEnd(); return 0; });
        return new SimulationResult(sim, sim.Loop.Steps, sim.Loop.Now, sim.Loop.TraceHash);
    }

    private static T Guard<T>(Sim sim, string what, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (Exception e) when (e is not SimulationFailure)
        {
            throw new SimulationFailure(sim, what, e);
        }
    }
}

/// <summary>When a run stops: after so many events, or when the next event is due later than <see cref="Duration"/>.</summary>
public sealed record SimulationLimits
{
    public long MaxSteps { get; init; } = 1_000_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// A run's checks: <see cref="Invariant"/> after every event (safety: nothing bad has happened),
/// <see cref="Finally"/> once at the end (liveness: the good thing did happen).
/// </summary>
public sealed record SimChecks(Action Invariant, Action? Finally = null);

public sealed record SimulationResult(Sim Sim, long Steps, TimeSpan Time, ulong TraceHash);

/// <summary>A failed run, named so that it can be replayed: <c>SIM_SEED=&lt;seed&gt;</c>.</summary>
public sealed class SimulationFailure(Sim sim, string what, Exception inner) : Exception(
    $"Simulation seed {sim.Loop.Seed} failed at step {sim.Loop.Steps}, virtual time {sim.Loop.Now.TotalSeconds:0.######} s, " +
    $"after event '{sim.Loop.LastEvent}' ({what}): {inner.Message}{Environment.NewLine}" +
    $"Replay it alone with SIM_SEED={sim.Loop.Seed}. The last events (virtual seconds):{Environment.NewLine}" +
    string.Join(Environment.NewLine, sim.Loop.Recent()), inner)
{
    public int Seed { get; } = sim.Loop.Seed;
    public long Step { get; } = sim.Loop.Steps;
}
