using System.Diagnostics;
using Disque.Cluster;
using Disque.Wire;
using Orleans;

namespace Disque.Hosting.Tracing;

/// <summary>
/// A span for each message between silos that carries jobs, named with Disque's cluster
/// message for it (REPLJOB: copies to keep; SETACK: acks; DELJOB: copies to drop; YOURJOB:
/// queued jobs offered to a silo whose consumers wait; NEEDJOBS: a silo's consumers wait)
/// and tagged with the queue, the job ids and the replication. It is the child of the
/// sender's span when Orleans carries the trace context (activity propagation, on with
/// tracing). Registered only when tracing is on; even then it reads nothing unless a
/// listener is there.
/// </summary>
internal sealed class StoreMessageSpans(ClusterView cluster) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (!DisqueTracing.Source.HasListeners() || context.Request.GetInterfaceType() != typeof(IJobStore) || Message(context.MethodName) is not { } message)
            return context.Invoke();
        return Traced(context, message);
    }

    private async Task Traced(IIncomingGrainCallContext context, string message)
    {
        using var span = DisqueTracing.Source.StartActivity(message, ActivityKind.Consumer);
        span?.SetTag(DisqueTracing.NodeTag, cluster.SelfNodeId);
        if (span is not null)
            Describe(span, message, context.Request);
        try
        {
            await context.Invoke().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.Message);
            throw;
        }
    }

    private static string? Message(string method) => method switch
    {
        nameof(IJobStore.Replicate) => "REPLJOB",
        nameof(IJobStore.Ack) or nameof(IJobStore.FastAck) => "SETACK",
        nameof(IJobStore.Forget) or nameof(IJobStore.Delete) => "DELJOB",
        nameof(IJobStore.Offer) => "YOURJOB",
        nameof(IJobStore.NeedJobs) => "NEEDJOBS",
        _ => null,
    };

    private static void Describe(Activity span, string message, Orleans.Serialization.Invocation.IInvokable request)
    {
        span.SetTag(DisqueTracing.SystemTag, DisqueTracing.System);
        span.SetTag(DisqueTracing.OperationTag, message);
        switch (request.GetArgument(0))
        {
            case JobCopy[] copies when copies.Length > 0:
                span.SetTag(DisqueTracing.QueueTag, copies[0].Queue);
                span.SetTag(DisqueTracing.ReplicateTag, copies[0].Replicate);
                Jobs(span, copies, c => c.Id.ToString());
                break;
            case JobId[] ids:
                Jobs(span, ids, id => id.ToString());
                break;
            case string queue when request.GetArgument(1) is QueuedJob[] offered:
                span.SetTag(DisqueTracing.QueueTag, queue);
                Jobs(span, offered, j => j.Id.ToString());
                break;
            case string[] queues:
                span.SetTag(DisqueTracing.QueueTag, string.Join(",", queues));
                break;
        }
    }

    private static void Jobs<T>(Activity span, T[] jobs, Func<T, string> id)
    {
        span.SetTag(DisqueTracing.JobIdTag, DisqueTracing.Ids(jobs, id));
        span.SetTag(DisqueTracing.CountTag, jobs.Length);
    }
}
