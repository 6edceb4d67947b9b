namespace Disque.Tests.Simulation.SelfTests;

/// <summary>The network's guarantees: calls as messages with delays, drops, duplicates, partitions and virtual timeouts.</summary>
public class SimNetworkTests
{
    private static readonly TimeSpan Timeout30 = TimeSpan.FromSeconds(30);

    /// <summary>A world of an echo node (0) and a caller (1) that runs <paramref name="body"/> against it.</summary>
    private static (Sim Sim, EchoNode Echo, Script Caller) Call(Func<SimNode, IEcho, Task> body, SimNetworkOptions? options = null, Action<Sim>? faults = null)
    {
        Script? caller = null;
        var sim = Script.World(sim =>
        {
            if (options is not null)
                sim.Network.Options = options;
            var echo = sim.Add("echo", n => new EchoNode(n));
            sim.Add("caller", n => caller = new Script(n, c => body(c, c.Connect<IEcho>(echo.Address))));
            faults?.Invoke(sim);
        });
        return (sim, sim.Nodes[0].As<EchoNode>(), caller!);
    }

    [Fact]
    public void A_call_is_a_request_and_a_reply_each_delayed_and_every_return_shape_arrives()
    {
        var (sim, echo, caller) = Call(async (node, echo) =>
        {
            var sent = node.Time.GetTimestamp();
            Assert.Equal(42, await echo.Echo(42));
            var took = node.Time.GetElapsedTime(sent);
            var options = new SimNetworkOptions();
            Assert.InRange(took, EchoNode.Work + 2 * options.MinDelay, EchoNode.Work + 2 * options.MaxDelay);

            Assert.Equal("n0.1", await echo.Name());
            await echo.Nothing();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Throw("no"));
            Assert.Equal("no", error.Message);

            var before = node.Time.GetTimestamp();
            var poke = echo.Poke();
            Assert.True(poke.IsCompletedSuccessfully); // one-way: no reply to wait for
            Assert.Equal(0, node.Time.GetElapsedTime(before).Ticks);
        });

        Assert.True(caller.Done.IsCompletedSuccessfully);
        Assert.Equal((1, 1), (echo.Calls, echo.Pokes));
        Assert.Equal(0, sim.Network.Dropped);
    }

    [Fact]
    public void A_dropped_request_fails_the_call_with_a_timeout_after_the_call_timeout()
    {
        var (_, echo, caller) = Call(async (node, echo) =>
        {
            var sent = node.Time.GetTimestamp();
            await Assert.ThrowsAsync<TimeoutException>(() => echo.Echo(1));
            Assert.Equal(Timeout30, node.Time.GetElapsedTime(sent));
        }, new SimNetworkOptions { DropRate = 1 });

        Assert.True(caller.Done.IsCompletedSuccessfully);
        Assert.Equal(0, echo.Calls);
    }

    [Fact]
    public void A_duplicated_request_runs_twice_and_the_caller_gets_one_answer()
    {
        var answers = 0;
        var (sim, echo, _) = Call(async (_, echo) =>
        {
            await echo.Echo(7);
            answers++;
        }, new SimNetworkOptions { DuplicateRate = 1 });

        Assert.Equal((2, 1, 1L), (echo.Calls, answers, sim.Network.Duplicated));
    }

    [Fact]
    public void A_link_cut_one_way_loses_the_replies_but_not_the_requests()
    {
        var (_, echo, caller) = Call(
            async (_, echo) => await Assert.ThrowsAsync<TimeoutException>(() => echo.Echo(1)),
            faults: sim => sim.Network.Partition(0, 1, oneWay: true));

        Assert.True(caller.Done.IsCompletedSuccessfully);
        Assert.Equal(1, echo.Calls);
    }

    [Fact]
    public void A_paused_node_answers_once_resumed_while_time_goes_on_for_the_others()
    {
        var ticks = 0;
        var (_, _, caller) = Call(async (node, echo) =>
        {
            using var timer = node.Time.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            var sent = node.Time.GetTimestamp();
            Assert.Equal(3, await echo.Echo(3));
            Assert.InRange(node.Time.GetElapsedTime(sent), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(9));
        }, faults: sim =>
        {
            sim.Pause(0); // for less than membership's 10 s, or it would be declared dead
            sim.Loop.Schedule(TimeSpan.FromSeconds(8), "resume", () => sim.Resume(0));
        });

        Assert.True(caller.Done.IsCompletedSuccessfully);
        Assert.InRange(ticks, 7, 9); // the caller's timer ran on while the echo node was paused
    }

    [Fact]
    public void A_crashed_node_times_its_callers_out_and_restarts_as_a_new_generation()
    {
        var made = 0;
        Script? caller = null;
        var sim = Script.World(sim =>
        {
            var first = sim.Add("echo", n => { made++; return new EchoNode(n); });
            sim.Loop.Schedule(TimeSpan.FromMilliseconds(1), "crash", () => sim.Crash(0));
            sim.Loop.Schedule(TimeSpan.FromSeconds(1), "restart", () => sim.Restart(0));
            sim.Add("caller", n => caller = new Script(n, async c =>
            {
                var old = c.Connect<IEcho>(first.Address);
                await Assert.ThrowsAsync<TimeoutException>(() => old.Echo(1)); // lost with the crash
                await Assert.ThrowsAsync<TimeoutException>(() => old.Echo(2)); // an old address stays dead
                Assert.Equal(3, await c.Connect<IEcho>(new SimAddress(0, 2)).Echo(3));
            }));
        });

        Assert.True(caller!.Done.IsCompletedSuccessfully);
        Assert.Equal(2, made);
        Assert.Equal(new SimAddress(0, 2), sim.Nodes[0].Address);
        Assert.Equal(1, sim.Nodes[0].As<EchoNode>().Calls);
    }
}
