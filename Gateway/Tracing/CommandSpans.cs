using System.Diagnostics;
using Disque.Cluster;
using Disque.Gateway.Arguments;
using Disque.Gateway.Commands;
using Disque.Gateway.Resp;

namespace Disque.Gateway.Tracing;

/// <summary>
/// A RESP command's span: named by the command, tagged with the queue and job ids its
/// arguments name (read before the command runs: the request is reused by the next one),
/// and, for ADDJOB, with the id it answered. An ADDJOB carrying our TRACEPARENT option
/// (see <see cref="AddJobParser"/>) is a child of the producer's span. Only made when
/// <see cref="DisqueTracing.Source"/> has listeners.
/// </summary>
internal static class CommandSpans
{
    public static Activity? Start(Command command, ICommandArgs args, string node)
    {
        var parent = command.Name == "ADDJOB" ? AddJobParser.TraceParent(args) : default;
        var span = DisqueTracing.Source.StartActivity(command.Name, ActivityKind.Server, parent);
        if (span is null)
            return null;
        span.SetTag(DisqueTracing.SystemTag, DisqueTracing.System);
        span.SetTag(DisqueTracing.OperationTag, command.Name);
        span.SetTag(DisqueTracing.NodeTag, node);
        switch (command.Name)
        {
            case "ADDJOB":
                span.SetTag(DisqueTracing.QueueTag, args.GetString(AddJobParser.QueueArg));
                if (AddJobParser.Replicate(args) is { } replicate)
                    span.SetTag(DisqueTracing.ReplicateTag, replicate);
                break;
            case "GETJOB":
                if (From(args) is { } from)
                    span.SetTag(DisqueTracing.QueueTag, string.Join(",", Enumerable.Range(from, args.Count - from).Select(args.GetString)));
                break;
            case "ACKJOB" or "FASTACK" or "NACK" or "WORKING" or "DELJOB" or "ENQUEUE" or "DEQUEUE" or "SHOW":
                var ids = Enumerable.Range(1, args.Count - 1).Select(args.GetString).ToList();
                span.SetTag(DisqueTracing.JobIdTag, DisqueTracing.Ids(ids, id => id));
                span.SetTag(DisqueTracing.CountTag, ids.Count);
                break;
            case "QLEN" or "QSTAT" or "QPEEK" or "PAUSE":
                span.SetTag(DisqueTracing.QueueTag, args.GetString(1));
                break;
        }
        return span;
    }

    public static void End(Activity? span, in Reply reply)
    {
        if (span is null)
            return;
        if (reply.IsError)
            span.SetStatus(ActivityStatusCode.Error, reply.ErrorMessage);
        else if (reply.IdOrNull is { } id)
            span.SetTag(DisqueTracing.JobIdTag, id.ToString());
        else if (reply.Deliveries is { } jobs)
        {
            span.SetTag(DisqueTracing.JobIdTag, DisqueTracing.Ids(jobs, j => j.Job.Id.ToString()));
            span.SetTag(DisqueTracing.CountTag, jobs.Length);
        }
        span.Dispose();
    }

    public static void Failed(Activity? span, Exception error)
    {
        span?.SetStatus(ActivityStatusCode.Error, error.Message);
        span?.Dispose();
    }

    /// <summary>GETJOB's first queue: the argument after FROM.</summary>
    private static int? From(ICommandArgs args)
    {
        for (var i = 1; i < args.Count - 1; i++)
            if (args.Is(i, "FROM"u8))
                return i + 1;
        return null;
    }
}
