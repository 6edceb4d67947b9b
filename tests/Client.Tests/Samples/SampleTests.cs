using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Samples;

/// <summary>
/// The README's samples, as a user runs them: the worker, then the RESP producer and
/// the Orleans producer against the same gateway; the worker runs every task once and
/// stops cleanly on SIGTERM.
/// </summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class SampleTests(ClientGatewayFixture gateway)
{
    [Fact]
    public async Task The_worker_runs_every_task_both_producers_enqueue_once_and_stops_on_SIGTERM()
    {
        var queue = Names.NewQueue("tasks");
        await using var worker = SampleProgram.Start("Worker", $"--queue={queue}", $"--Disque:Endpoints:0=127.0.0.1:{gateway.Port}");

        var resp = await SampleProgram.Run("Producer", "--count=25", $"--queue={queue}", $"--Disque:Endpoints:0=127.0.0.1:{gateway.Port}");
        var orleans = await SampleProgram.Run("OrleansProducer", "--count=25", $"--queue={queue}",
            $"--Orleans:GatewayPort={gateway.OrleansPort}", $"--Orleans:ClusterId={gateway.ClusterId}");
        Assert.True(resp.ExitCode == 0, string.Join('\n', resp.Lines));
        Assert.True(orleans.ExitCode == 0, string.Join('\n', orleans.Lines));

        var queued = Queued(resp.Lines).Concat(Queued(orleans.Lines)).ToList();
        Assert.Equal(100, queued.Count);
        Assert.Equal(50, queued.Count(q => q.Name == "download"));
        await Wait.Until(() => queued.All(q => worker.Lines.Any(l => l.StartsWith($"done {q.Name} {q.Id} ", StringComparison.Ordinal))),
            seconds: 60, what: "every queued task done by the worker");

        Assert.Equal(0, await worker.Terminate(TimeSpan.FromSeconds(30)));
        var done = worker.Lines.Where(l => l.StartsWith("done ", StringComparison.Ordinal)).ToList();
        Assert.Equal(queued.Count, done.Count); // none twice
        await using var client = gateway.NewClient();
        Assert.Equal(0, await client.QLenAsync(queue));
        Assert.All(await Task.WhenAll(queued.Select(q => client.ShowAsync(q.Id))), Assert.Null); // all acknowledged
    }

    /// <summary>The producers' <c>queued NAME ID</c> lines.</summary>
    private static IEnumerable<(string Name, string Id)> Queued(IEnumerable<string> lines) =>
        lines.Select(l => l.Split(' ')).Where(w => w is ["queued", _, _]).Select(w => (w[1], w[2]));
}
