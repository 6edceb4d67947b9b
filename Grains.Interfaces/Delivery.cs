namespace Disque;

/// <summary>A job GETJOB hands out, with the queue it came from.</summary>
[GenerateSerializer, Immutable]
public readonly record struct Delivery([property: Id(0)] string Queue, [property: Id(1)] QueuedJob Job);
