using System.Runtime.CompilerServices;
using Disque.Gateway.Arguments;
using Disque.Gateway.Resp;
using Disque.Gateway.Sessions;

namespace Disque.Gateway.Commands;

/// <summary>ADDJOB.</summary>
public static class ProducingCommands
{
    public static IEnumerable<Command> All { get; } = [new("ADDJOB", -4, "wmF", AddJob, Overlap.Produce)];

    private static ValueTask<Reply> AddJob(Session session, RespRequest args)
    {
        var spec = AddJobParser.Parse(args);
        return spec.Error is { } error ? ValueTask.FromResult(Reply.Error(error)) : Added(session.Node.AddJob(spec.Value!));
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Reply> Added(ValueTask<Outcome<JobId>> adding)
    {
        var outcome = await adding;
        return outcome.Error is { } error ? Reply.Error(error) : Reply.JobIdStatus(outcome.Value);
    }
}
