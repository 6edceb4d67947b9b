namespace Disque.Tests.Grains;

/// <summary>Ours (issue 21) on three in-process silos: a key claimed through every gateway, a wait and a dependency across silos.</summary>
public sealed class ThreeSiloCoordinationTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private static JobSpec Job(string queue) => new() { Queue = queue, Body = "payload"u8.ToArray(), Replicate = 2, RetrySeconds = 30 };

    [Fact]
    public async Task A_key_claimed_through_every_silo_at_once_makes_one_job()
    {
        var (queue, key) = ("q-" + Guid.NewGuid().ToString("N"), "k-" + Guid.NewGuid().ToString("N"));
        var claims = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => fixture.Node(i % 3).AddJob(Job(queue) with { UniqueKey = key }).AsTask()));

        Assert.All(claims, c => Assert.Null(c.Error));
        Assert.Single(claims.Select(c => c.Value).Distinct());
        Assert.Equal(1, await fixture.Node(0).QueueLength(queue));
    }

    [Fact]
    public async Task A_wait_through_one_silo_learns_an_ACK_through_another_and_releases_a_dependent_job()
    {
        var (parents, queue) = ("p-" + Guid.NewGuid().ToString("N"), "q-" + Guid.NewGuid().ToString("N"));
        var parent = (await fixture.Node(1).AddJob(Job(parents))).Value;
        var child = await fixture.Node(2).AddJob(Job(queue) with { After = [parent] });
        Assert.Null(child.Error);

        var waiting = fixture.Node(0).WaitJobs([parent], timeoutMs: 0);
        Assert.Equal(1, await fixture.Node(2).Ack([parent]));
        Assert.Equal([JobEnd.Acked], await waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await fixture.Node(0).QueueLength(queue) != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the dependent job was not queued within 10 s");
            await Task.Delay(20);
        }
    }
}
