namespace Disque.Cluster.Tests;

/// <summary>
/// Ours, beyond Disque: a dead letter is a job like any other. Under REPLICATE 2 its move to the
/// dead-letter queue reaches its second copy before it is queued there, so when the silo it was
/// on is killed with SIGKILL the survivor holds it as a dead letter: none lost, none back on its queue.
/// </summary>
public sealed class DeadLetterFailoverTests
{
    private const int Jobs = 20;

    [Fact]
    public async Task Dead_letters_survive_the_kill_of_their_silo()
    {
        await using var cluster = await LocalCluster.Start(gateways: 2, silos: 1);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var dead = queue + ":dead";
        var ids = new HashSet<string>();
        await using (var producer = await TestClient.Open(a.RespPort))
        {
            for (var i = 0; i < Jobs; i++)
                ids.Add((string)(await producer.Call("ADDJOB", queue, $"job {i}", "0", "REPLICATE", "2", "RETRY", "1", "MAXDELIVERIES", "1"))!);
            // One delivery each, never acked: past RETRY each is out of deliveries and becomes a dead letter on a.
            Assert.Equal(Jobs, Replies.Ids(await producer.Call("GETJOB", "NOHANG", "COUNT", Jobs, "FROM", queue)).Count);
            await Wait.Until(async () => (long)(await producer.Call("QLEN", dead))! == Jobs, what: "every job a dead letter");
        }

        a.Process.Kill(); // the jobs' home and owner, and one of their two copies

        await using var survivor = await TestClient.Open(b.RespPort);
        var found = new HashSet<string>();
        await Wait.Until(async () =>
        {
            found.UnionWith(Replies.Ids(await survivor.Call("GETJOB", "NOHANG", "COUNT", Jobs, "FROM", dead)));
            return found.Count == Jobs;
        }, seconds: 60, what: "every dead letter queued again on the survivor, in the dead-letter queue");
        Assert.Equal(ids, found);
        Assert.Null(await survivor.Call("GETJOB", "NOHANG", "FROM", queue));
        var shown = await survivor.Call("SHOW", found.First());
        Assert.Equal(queue, Replies.Field(shown, "dead-from"));
        Assert.Equal("max-deliveries", Replies.Field(shown, "dead-reason"));
    }
}
