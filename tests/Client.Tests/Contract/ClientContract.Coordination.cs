using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Contract;

/// <summary>Ours (issue 21), through each client: unique jobs, and WAITJOB as an awaitable.</summary>
public abstract partial class ClientContract
{
    [Fact]
    public async Task A_unique_key_gives_back_the_live_job_and_a_new_one_after_its_ACK()
    {
        var queue = Names.NewQueue();
        var options = new AddJobOptions { UniqueKey = "order-" + Guid.NewGuid().ToString("N") };

        var first = await Client.AddJobAsync(queue, "a"u8.ToArray(), options);
        Assert.Equal(first, await Client.AddJobAsync(queue, "b"u8.ToArray(), options));
        Assert.Equal(1, await Client.AckAsync([first]));
        Assert.NotEqual(first, await Client.AddJobAsync(queue, "c"u8.ToArray(), options));
    }

    [Fact]
    public async Task WaitJobsAsync_completes_when_the_jobs_end()
    {
        var queue = Names.NewQueue();
        var (acked, deleted) = (await Client.AddJobAsync(queue, "a"u8.ToArray()), await Client.AddJobAsync(queue, "b"u8.ToArray()));

        var waiting = Client.WaitJobsAsync([acked, deleted], TimeSpan.FromSeconds(20));
        Assert.Equal(1, await Client.AckAsync([acked]));
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, (await Resp.ExecuteAsync(["DELJOB", deleted])).ToInt64());

        Assert.Equal([JobOutcome.Acked, JobOutcome.Deleted], await waiting.WaitAsync(TimeSpan.FromSeconds(20)));
        var pending = await Client.AddJobAsync(queue, "c"u8.ToArray());
        Assert.Equal([JobOutcome.Pending], await Client.WaitJobsAsync([pending], TimeSpan.FromMilliseconds(200)));
    }
}
