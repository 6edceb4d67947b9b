namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// A deploy, as an operator rolls one: every <c>interval</c> (until <c>until</c>) one silo
/// stops cleanly (its copies handed over to the others, as on SIGTERM) and a new incarnation
/// starts in its place, which recovers the journal's orphans.
/// </summary>
internal sealed class RollingRestarts
{
    private readonly SimWorld _world;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _until;
    private int _next;

    public RollingRestarts(SimWorld world, TimeSpan interval, TimeSpan until)
    {
        _world = world;
        _interval = interval;
        _until = until;
        world.Sim.Loop.Schedule(interval, "deploy", Step);
    }

    private void Step()
    {
        var loop = _world.Sim.Loop;
        if (loop.Now >= _until)
            return;
        var slot = _next++ % _world.Silos;
        var node = _world.Sim.Nodes[slot];
        if (!node.IsCrashed && !node.IsPaused && node.Instance is SimSilo silo)
        {
            loop.Trace($"deploy: {node.Address} leaves");
            var leaving = node.Scheduler.Run(silo.Leave);
            leaving.ContinueWith(_ => loop.Schedule(TimeSpan.Zero, $"deploy: restart n{slot}", () => _world.Sim.Restart(slot)),
                CancellationToken.None, TaskContinuationOptions.None, node.Scheduler);
        }
        loop.Schedule(_interval, "deploy", Step);
    }
}
