using System.Reflection;
using Disque.Wire;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// With SIM_TRACE set, each call a simulated store receives is a trace line naming the job ids
/// it carries, so one job's story can be read from the trace (grep its id).
/// </summary>
public class TracedStore : DispatchProxy
{
    private IJobStore _store = null!;
    private SimLoop _loop = null!;
    private SimAddress _at;
    private SiloNames _names = null!;

    internal static IJobStore Around(IJobStore store, SimLoop loop, SimAddress at, SiloNames names)
    {
        var traced = Create<IJobStore, TracedStore>();
        var self = (TracedStore)(object)traced;
        (self._store, self._loop, self._at, self._names) = (store, loop, at, names);
        return traced;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        _loop.Trace($"{_at} receives {method!.Name}({string.Join(", ", (args ?? []).Select(Describe))})");
        return method.Invoke(_store, args);
    }

    private string Describe(object? arg) => arg switch
    {
        JobId id => id.ToString(),
        JobId[] ids => "[" + string.Join(" ", ids) + "]",
        JobCopy[] copies => "[" + string.Join(" ", copies.Select(c => $"{c.Id} {c.State} owner:{c.FromOwner} nodes:{string.Join(",", c.Nodes.Select(_names.Address))}")) + "]",
        QueuedJob[] jobs => "[" + string.Join(" ", jobs.Select(j => $"{j.Id} tag {j.DeliveryTag}")) + "]",
        Delivery[] deliveries => "[" + string.Join(" ", deliveries.Select(d => $"{d.Job.Id} tag {d.Job.DeliveryTag}")) + "]",
        string[] names => string.Join(",", names),
        _ => arg?.ToString() ?? "null",
    };
}
