using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Resp;

/// <summary>
/// A blocked GETJOB cancelled just as the node hands it a job: the job reaches the
/// caller, or is back in its queue; it is never left delivered to no one until its RETRY.
/// </summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class CancelledGetJobTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task A_job_handed_out_as_the_GETJOB_is_cancelled_goes_back_to_its_queue()
    {
        await using var client = gateway.NewClient();
        var leftActive = new List<string>();
        for (var round = 0; round < 100; round++)
        {
            var queue = Names.NewQueue("race");
            using var cancel = new CancellationTokenSource();
            var waiting = client.GetJobsAsync([queue], cancellation: cancel.Token);
            await Wait.Until(async () => (await client.QStatAsync(queue))?.Blocked == 1, what: "the consumer is blocked");

            // ADDJOB's reply comes once the queue took the job, and it hands it to the blocked consumer at once.
            var id = await client.AddJobAsync(queue, "raced", new AddJobOptions { Retry = TimeSpan.FromMinutes(5) });
            await cancel.CancelAsync();

            try
            {
                Assert.Equal(id, Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Id);
                await client.AckAsync(id); // it arrived before the cancellation: the caller had it
                continue;
            }
            catch (OperationCanceledException)
            {
            }
            if (await client.ShowAsync(id) is { State: not "queued" } shown)
                leftActive.Add($"{id} {shown.State} after {shown.AdditionalDeliveries} additional deliveries, round {round}, qlen {await client.QLenAsync(queue)}, blocked {(await client.QStatAsync(queue))?.Blocked}");
        }
        Assert.True(leftActive.Count == 0, string.Join("; ", leftActive));
    }
}
