namespace Disque.Client.Orleans;

/// <summary>The grains' records (Grains.Interfaces) as this client's, and the grains' errors as its exceptions.</summary>
internal static class GrainRecords
{
    public static DisqueException Exception(DisqueError error) => DisqueException.From(error.Code, error.Message);

    public static T Value<T>(Outcome<T> outcome) => outcome.Error is { } error ? throw Exception(error) : outcome.Value!;

    public static IReadOnlyList<Job> Jobs(IEnumerable<Delivery>? deliveries, bool withCounters) =>
        deliveries is null ? [] : [.. deliveries.Select(d => Job(d, withCounters))];

    private static Job Job(Delivery delivery, bool withCounters)
    {
        var (queue, job) = delivery;
        var shown = new Job(queue, job.Id.ToString(), job.Body);
        return withCounters ? shown with { Nacks = job.Nacks, AdditionalDeliveries = job.AdditionalDeliveries } : shown;
    }

    public static JobDetails Details(JobInfo job) => Extras(job, new JobDetails
    {
        Id = job.Id.ToString(),
        Queue = job.Queue,
        State = job.State.Name(),
        Replicate = job.Replicate,
        TtlSeconds = job.TtlSeconds,
        CTime = job.CTime,
        DelaySeconds = job.DelaySeconds,
        RetrySeconds = job.RetrySeconds,
        Nacks = job.Nacks,
        AdditionalDeliveries = job.AdditionalDeliveries,
        NodesDelivered = job.NodesDelivered,
        NodesConfirmed = job.NodesConfirmed,
        NextRequeueWithinMs = job.NextRequeueWithinMs,
        NextAwakeWithinMs = job.NextAwakeWithinMs,
        Body = job.Body,
    });

    /// <summary>Disque.Orleans' own fields, as SHOW gives them over RESP, for a job that has extras.</summary>
    private static JobDetails Extras(JobInfo job, JobDetails details) => job.Extras is not { } extras ? details : details with
    {
        Priority = extras.Priority,
        Deliveries = job.Deliveries,
        MaxDeliveries = extras.MaxDeliveries,
        Backoff = extras.Backoff is { } b ? new JobBackoff(TimeSpan.FromSeconds(b.BaseSeconds), TimeSpan.FromSeconds(b.CapSeconds)) : null,
        DeadLetter = extras.DeadLetterOf(job.Queue ?? ""),
        LastFailure = extras.LastFailure,
        LastFailureTime = extras.LastFailureAtMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(extras.LastFailureAtMs),
        DeadFrom = extras.DeadFrom,
        DeadReason = extras.DeadReason,
    };

    public static QueueDetails Details(QueueStats queue) => new()
    {
        Name = queue.Name,
        Length = queue.Length,
        AgeSeconds = queue.AgeSeconds,
        IdleSeconds = queue.IdleSeconds,
        Blocked = queue.Blocked,
        ImportFrom = queue.ImportFrom,
        ImportRate = queue.ImportRate,
        JobsIn = queue.JobsIn,
        JobsOut = queue.JobsOut,
        Pause = queue.Pause.ToString().ToLowerInvariant(), // none, in, out, all: QSTAT's words
    };

    /// <summary>
    /// Ids as the grains take them. Like a gateway: a malformed id is -BADID; one shaped
    /// like a Disque id that no silo could have made is an unknown job, left out.
    /// </summary>
    public static JobId[] Ids(IEnumerable<string> ids)
    {
        var known = new List<JobId>();
        foreach (var text in ids)
        {
            if (Id(text) is { } id)
                known.Add(id);
        }
        return [.. known];
    }

    /// <summary>The id, null for a foreign one; BadIdException for a malformed one.</summary>
    public static JobId? Id(string text) => JobId.TryParse(text, out var id) switch
    {
        JobIdForm.Valid => id,
        JobIdForm.Foreign => null,
        _ => throw Exception(DisqueError.BadId),
    };
}
