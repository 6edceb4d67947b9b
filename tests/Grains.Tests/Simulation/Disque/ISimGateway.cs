namespace Disque.Tests.Simulation.Disque;

/// <summary>What a simulated client asks of a silo's gateway: the commands a Disque client sends, carried out as the gateway carries them out.</summary>
public interface ISimGateway
{
    Task<Outcome<JobId>> AddJob(JobSpec job);

    Task<Delivery[]> GetJob(GetJobSpec spec);

    Task<int> AckJob(JobId[] ids);

    Task<int> Nack(JobId[] ids);
}
