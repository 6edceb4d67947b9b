namespace Disque;

/// <summary>
/// One job, addressed by its id: the job's API for other Orleans services and
/// for the commands that name a single job. It finds the store that owns the
/// job (its home, or a surviving copy) and asks it; it keeps no state itself.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    Task<JobInfo?> Show();

    /// <summary>True when the job was known and not yet acknowledged.</summary>
    Task<bool> Ack();

    /// <summary>Deletes the job and every copy, without ack bookkeeping (FASTACK, DELJOB).</summary>
    Task<bool> Delete();

    /// <summary>NACK: queue the job again now, counting a nack.</summary>
    Task<bool> Nack();

    /// <summary>ENQUEUE: queue the job again now, counting an additional delivery.</summary>
    Task<bool> Enqueue();

    /// <summary>DEQUEUE: take the job out of its queue.</summary>
    Task<bool> Dequeue();

    /// <summary>WORKING: postpones the next delivery; the job's RETRY in seconds, or NOJOB / TOOLATE.</summary>
    Task<Outcome<long>> Working();
}
