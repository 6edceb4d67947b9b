namespace Disque.Wire;

/// <summary>A new job offered to its queue: the queue checks PAUSE and MAXLEN, then queues it unless it has a DELAY.</summary>
[GenerateSerializer, Immutable]
public readonly record struct NewJob([property: Id(0)] QueuedJob Job, [property: Id(1)] long MaxLen, [property: Id(2)] bool Delayed);
