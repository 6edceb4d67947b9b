namespace Disque.Tests.Simulation.Disque;

/// <summary>What a simulated client asks of a silo's gateway: the commands a Disque client sends, carried out as the gateway carries them out.</summary>
public interface ISimGateway
{
    Task<Outcome<JobId>> AddJob(JobSpec job);

    /// <summary>GETJOB; a client that hangs up after <paramref name="hangUpAfterMs"/> (0: stays) leaves its wait, and a job that reaches it then goes back.</summary>
    Task<Delivery[]> GetJob(GetJobSpec spec, long hangUpAfterMs);

    Task<int> AckJob(JobId[] ids);

    Task<int> Nack(JobId[] ids);

    /// <summary>Ours: NACKJOB or FAILJOB.</summary>
    Task<int> Verdict(JobId[] ids, JobVerdict verdict);

    /// <summary>Ours: REVIVE.</summary>
    Task<int> Revive(JobId[] ids);
}
