using System.Diagnostics;

namespace Disque.Client;

/// <summary>
/// The client's spans, in OpenTelemetry's messaging conventions: <c>send queue</c> (ADDJOB,
/// a producer span), <c>process queue</c> (a worker host running a job's handler, a consumer
/// span) and ACKJOB / FASTACK / NACK (settle). Listen with
/// <c>tracing.AddSource(DisqueClientTracing.SourceName)</c>. Nothing is made unless something
/// listens. How a job carries its producer's context to the worker: see <see cref="JobBody"/>.
/// </summary>
public static class DisqueClientTracing
{
    public const string SourceName = "Disque.Client";

    public static ActivitySource Source { get; } = new(SourceName, typeof(DisqueClientTracing).Assembly.GetName().Version?.ToString());

    public const string SystemTag = "messaging.system";
    public const string OperationTypeTag = "messaging.operation.type";
    public const string OperationNameTag = "messaging.operation.name";
    public const string QueueTag = "messaging.destination.name";
    public const string JobIdTag = "messaging.message.id";

    /// <summary>A span of the client's, tagged as Disque's; null when nothing listens.</summary>
    public static Activity? Start(string name, ActivityKind kind, string operationType, string operationName,
        ActivityContext parent = default, IEnumerable<ActivityLink>? links = null)
    {
        if (!Source.HasListeners())
            return null;
        var span = Source.StartActivity(name, kind, parent, links: links);
        span?.SetTag(SystemTag, "disque");
        span?.SetTag(OperationTypeTag, operationType);
        span?.SetTag(OperationNameTag, operationName);
        return span;
    }

    /// <summary>A producer's <c>send queue</c> span for an ADDJOB; null when nothing listens.</summary>
    internal static Activity? Send(string queue)
    {
        var span = Start($"send {queue}", ActivityKind.Producer, "send", "ADDJOB");
        span?.SetTag(QueueTag, queue);
        return span;
    }

    /// <summary>Marks a span failed, with the error's message.</summary>
    public static void Failed(Activity? span, Exception error) => span?.SetStatus(ActivityStatusCode.Error, error.Message);
}
