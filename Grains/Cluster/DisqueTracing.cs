using System.Diagnostics;

namespace Disque.Cluster;

/// <summary>
/// The spans a node makes: one per RESP command (the gateway) and one per message between
/// silos that carries jobs (a copy, an ack, an offer). They follow OpenTelemetry's messaging
/// conventions, with Disque's words as values: the queue is the destination, the job id the
/// message id. Nothing is made, nor any tag read, unless something listens
/// (<see cref="ActivitySource.HasListeners"/>): tracing off costs one check per command.
/// </summary>
public static class DisqueTracing
{
    public const string SourceName = "Disque.Orleans";

    public static readonly ActivitySource Source = new(SourceName, typeof(DisqueTracing).Assembly.GetName().Version?.ToString());

    /// <summary><c>messaging.system</c>'s value.</summary>
    public const string System = "disque";

    public const string SystemTag = "messaging.system";
    public const string OperationTag = "messaging.operation.name";
    public const string QueueTag = "messaging.destination.name";
    public const string JobIdTag = "messaging.message.id";
    public const string CountTag = "messaging.batch.message_count";
    public const string ReplicateTag = "disque.replicate";

    /// <summary>The node (silo) that made the span, by its Disque node id (CLUSTER MYID).</summary>
    public const string NodeTag = "disque.node";

    /// <summary>The job ids of a message, as one tag value: the first few, and how many more.</summary>
    public static string Ids<T>(IReadOnlyList<T> ids, Func<T, string> text)
    {
        const int Shown = 8;
        var shown = string.Join(",", ids.Take(Shown).Select(text));
        return ids.Count <= Shown ? shown : $"{shown},... ({ids.Count - Shown} more)";
    }
}
