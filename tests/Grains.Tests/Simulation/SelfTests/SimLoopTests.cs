using System.Diagnostics;

namespace Disque.Tests.Simulation.SelfTests;

/// <summary>The loop's guarantees: virtual time, every await back on its node's scheduler, seeded ties, no escape.</summary>
public class SimLoopTests
{
    [Fact]
    public void Delays_cancellations_and_timeouts_happen_at_their_virtual_time_on_the_test_thread()
    {
        var thread = Environment.CurrentManagedThreadId;
        var seen = new List<(string What, TimeSpan At, bool OnThread, bool OnScheduler)>();
        var clock = Stopwatch.StartNew();
        Script? script = null;

        var sim = Script.World(sim => sim.Add("node", node => script = new Script(node, async n =>
        {
            void See(string what) => seen.Add((what, sim.Loop.Now, Environment.CurrentManagedThreadId == thread, TaskScheduler.Current == n.Scheduler));
            See("start");
            await Task.Delay(TimeSpan.FromSeconds(5), n.Time);
            See("delay");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3), n.Time);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.InfiniteTimeSpan, cts.Token));
            See("cancelled");
            await Assert.ThrowsAsync<TimeoutException>(() => new TaskCompletionSource().Task.WaitAsync(TimeSpan.FromSeconds(1), n.Time));
            See("timed out");
            Assert.Equal(SimLoop.Epoch + TimeSpan.FromSeconds(9), n.Time.GetUtcNow());
            Assert.Equal(TimeSpan.FromSeconds(9), n.Time.GetElapsedTime(0));
        })));

        Assert.True(script!.Done.IsCompletedSuccessfully);
        Assert.Equal(
            [("start", TimeSpan.Zero), ("delay", TimeSpan.FromSeconds(5)), ("cancelled", TimeSpan.FromSeconds(8)), ("timed out", TimeSpan.FromSeconds(9))],
            seen.Select(s => (s.What, s.At)));
        Assert.All(seen, s => Assert.True(s.OnThread && s.OnScheduler, $"{s.What} ran off the loop or off the node's scheduler"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "virtual seconds took real ones");
        Assert.Equal(0, sim.Loop.Pending);
    }

    [Fact]
    public void A_node_runs_its_work_in_order_and_nodes_interleave_as_the_seed_says()
    {
        List<string> Interleaving(int seed)
        {
            var order = new List<string>();
            Script.World(sim =>
            {
                foreach (var name in new[] { "a", "b" })
                {
                    var node = sim.Add(name, n => n);
                    for (var i = 0; i < 10; i++)
                    {
                        var item = $"{name}{i}";
                        node.Scheduler.Run(item, () => order.Add(item));
                    }
                }
            }, seed);
            return order;
        }

        var runs = Enumerable.Range(1, 10).Select(seed => Interleaving(seed)).ToList();

        foreach (var order in runs)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"a{i}"), order.Where(s => s[0] == 'a'));
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"b{i}"), order.Where(s => s[0] == 'b'));
        }
        Assert.True(runs.Select(order => string.Join(",", order)).Distinct().Count() > 1, "every seed chose the same interleaving");
        Assert.Equal(runs[3], Interleaving(4));
    }

    [Fact]
    public void Node_code_that_escapes_to_the_thread_pool_fails_the_run()
    {
        var failure = Assert.Throws<SimulationFailure>(() => Simulation.Run(1, new SimulationLimits(), sim =>
        {
            sim.Add("node", node => new Script(node, async n =>
            {
                await Task.Run(() => Thread.Sleep(50)).ConfigureAwait(false); // resumes on a pool thread
                _ = n.Time.GetUtcNow();
            }));
            // Keeps the loop in an event until the escaped continuation has touched the simulation.
            sim.Loop.Schedule(TimeSpan.FromSeconds(1), "wait for the escape", () => SpinWait.SpinUntil(() => sim.Loop.Failure is not null, 5000));
            return new SimChecks(() => { });
        }));

        Assert.IsType<SimulationEscapeException>(failure.InnerException);
        Assert.Contains("SIM_SEED=1", failure.Message);
    }

    [Fact]
    public void A_failing_invariant_names_the_seed_the_step_and_the_last_events()
    {
        var failure = Assert.Throws<SimulationFailure>(() => Simulation.Run(42, new SimulationLimits(), sim =>
        {
            for (var i = 1; i <= 5; i++)
                sim.Loop.Schedule(TimeSpan.FromSeconds(i), $"tick {i}", () => { });
            return new SimChecks(() => Assert.True(sim.Loop.Now < TimeSpan.FromSeconds(3)));
        }));

        Assert.Equal((42, 3L), (failure.Seed, failure.Step));
        Assert.Contains("seed 42 failed at step 3", failure.Message);
        Assert.Contains("tick 3", failure.Message);
    }
}
