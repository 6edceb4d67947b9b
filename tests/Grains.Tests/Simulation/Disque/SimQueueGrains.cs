using System.Reflection;
using Disque.Queues;
using Disque.Wire;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// The queue grains as a simulated store sees them: no queue is paused, and the counters and
/// evictions the store reports are taken and dropped (PAUSE and QSTAT are not what the
/// simulation checks).
/// </summary>
internal sealed class SimQueueGrains : IQueueGrains
{
    private readonly IQueueState _queue = DispatchProxy.Create<IQueueState, Accepting>();

    public IQueueState this[string name] => _queue;

    public IPausedQueues Paused { get; } = DispatchProxy.Create<IPausedQueues, Accepting>();

    /// <summary>Answers every call at once with an empty result.</summary>
    public class Accepting : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            var type = method!.ReturnType;
            if (type == typeof(Task))
                return Task.CompletedTask;
            if (type == typeof(Task<PausedQueue[]>))
                return Task.FromResult(Array.Empty<PausedQueue>());
            throw new NotSupportedException($"The simulation's queue grains do not answer {method.Name}.");
        }
    }
}
