using Orleans.Concurrency;

namespace Disque.Tests.Simulation.SelfTests;

/// <summary>A node interface with every return shape the network carries.</summary>
public interface IEcho
{
    Task<int> Echo(int value);
    Task Throw(string message);
    ValueTask<string> Name();
    ValueTask Nothing();

    [OneWay]
    Task Poke();
}

/// <summary>Answers after 10 ms of its own work, and counts what it was asked.</summary>
public sealed class EchoNode(SimNode node) : IEcho
{
    public static readonly TimeSpan Work = TimeSpan.FromMilliseconds(10);

    public int Calls { get; private set; }
    public int Pokes { get; private set; }

    public async Task<int> Echo(int value)
    {
        Calls++;
        await Task.Delay(Work, node.Time);
        return value;
    }

    public async Task Throw(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public ValueTask<string> Name() => ValueTask.FromResult(node.Address.ToString());

    public ValueTask Nothing() => ValueTask.CompletedTask;

    public Task Poke()
    {
        Pokes++;
        return Task.CompletedTask;
    }
}

/// <summary>A node that runs one async script in its turns, from its first turn on; a fault in it fails the run.</summary>
public sealed class Script
{
    public Script(SimNode node, Func<SimNode, Task> body)
    {
        Done = body(node);
        node.Watch(Done, "the script");
    }

    public Task Done { get; }

    /// <summary>Runs <paramref name="setup"/> (which adds the nodes) for one seed until no event is left, checking nothing per event.</summary>
    public static Sim World(Action<Sim> setup, int seed = 1)
    {
        var result = Simulation.Run(seed, new SimulationLimits(), sim =>
        {
            setup(sim);
            return new SimChecks(() => { });
        });
        return result.Sim;
    }
}
