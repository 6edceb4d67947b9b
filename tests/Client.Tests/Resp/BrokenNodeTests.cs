using System.Diagnostics;
using Disque.Client.Resp;
using Disque.Client.Tests.Fixtures;

namespace Disque.Client.Tests.Resp;

/// <summary>Nodes that do not answer, or answer nonsense: the client gives up on the connection, never waits forever.</summary>
public sealed class BrokenNodeTests
{
    [Fact]
    public async Task A_node_that_never_answers_times_out_and_an_ADDJOB_may_have_run()
    {
        await using var silent = new FakeNode(_ => null);
        await using var client = new DisqueClient(new DisqueClientOptions { Endpoints = [silent.Endpoint], CommandTimeout = TimeSpan.FromMilliseconds(500) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DisqueConnectionException>(() => client.AddJobAsync("q", "x"));

        Assert.True(error.MayHaveRun); // written, never answered: the caller cannot know whether the job exists
        Assert.InRange(clock.ElapsedMilliseconds, 400, 10_000);
    }

    [Fact]
    public async Task A_node_that_answers_nonsense_loses_its_connection()
    {
        await using var garbage = new FakeNode(line => line.StartsWith('*') ? "?nonsense\r\n" : null);
        await using var client = new DisqueClient(new DisqueClientOptions { Endpoints = [garbage.Endpoint] });

        var error = await Assert.ThrowsAsync<DisqueConnectionException>(() => client.QLenAsync("q"));

        Assert.IsType<RespProtocolException>(error.InnerException is AggregateException all ? all.InnerExceptions[^1].InnerException : error.InnerException);
    }

    [Fact]
    public async Task An_error_a_node_answers_keeps_the_connection()
    {
        await using var node = new FakeNode(line => line.StartsWith('*') ? "-WHATEVER some new error\r\n" : null);
        await using var client = new DisqueClient(new DisqueClientOptions { Endpoints = [node.Endpoint], SharedConnections = 1 });

        var unknown = await Assert.ThrowsAsync<DisqueException>(() => client.QLenAsync("q"));
        await Assert.ThrowsAsync<DisqueException>(() => client.QLenAsync("q"));

        Assert.Equal(("WHATEVER", "some new error"), (unknown.Code, unknown.Message));
        Assert.Equal(1, node.Connections);
    }
}
