using System.Diagnostics;

namespace Disque.Client.Hosting;

/// <summary>
/// A job's <c>process queue</c> span while its handler runs and it is settled: the child
/// of the producer's span when the job carries its context (<see cref="JobBody.TryReadTraceContext"/>),
/// and linked to it, as OpenTelemetry's messaging conventions have it for one message processed.
/// The handler's own spans and the ACK or NACK are its children. Null when nothing listens.
/// </summary>
internal static class ProcessSpan
{
    public static Activity? Start(Job job)
    {
        if (!DisqueClientTracing.Source.HasListeners())
            return null;
        var carried = JobBody.TryReadTraceContext(job.Body, out var producer);
        var span = DisqueClientTracing.Start($"process {job.Queue}", ActivityKind.Consumer, "process", "process",
            carried ? producer : default, carried ? [new ActivityLink(producer)] : null);
        span?.SetTag(DisqueClientTracing.QueueTag, job.Queue);
        span?.SetTag(DisqueClientTracing.JobIdTag, job.Id);
        return span;
    }
}
