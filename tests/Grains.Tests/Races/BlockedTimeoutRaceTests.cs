using Disque.Tests.Grains;

namespace Disque.Tests.Races;

/// <summary>
/// A blocked GETJOB whose TIMEOUT fires just as a job arrives for it: the job goes
/// to the consumer, or stays queued for the next one; it is never taken out of
/// its queue for a consumer that already left empty-handed (issue 12, finding 1).
/// </summary>
[Collection(OneSiloCollection.Name)]
public sealed class BlockedTimeoutRaceTests(ClusterFixture fixture)
{
    private const int Rounds = 300;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_timeout_that_fires_as_a_job_is_handed_over_loses_no_job()
    {
        var node = fixture.Node();
        var lost = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var queue = $"race-{round}-{Guid.NewGuid():N}";
            var getting = node.GetJobs(new GetJobSpec { Queues = [queue], TimeoutMs = (long)Timeout.TotalMilliseconds }).AsTask();
            await Wait.Until(async () => (await node.QueueStats(queue))?.Blocked == 1, 10, "the consumer to block");

            // The job arrives on the grain's turn while the wait's timeout fires on this thread.
            var adding = Task.Run(() => node.AddJob(new JobSpec { Queue = queue, Body = [1], RetrySeconds = 3600 }).AsTask());
            ClusterFixture.Time.Advance(Timeout);
            var got = await getting;
            var id = (await adding).Value;

            if (got.Value is [var delivery])
                Assert.Equal(id, delivery.Job.Id);
            else if (await node.QueueLength(queue) != 1)
                lost.Add($"round {round}: {id} is {(await node.Show(id))?.State}, in no consumer's hands and not queued");
            await node.Ack([id]);
        }
        Assert.Empty(lost);
    }
}
