namespace Disque.Tests.Simulation.SelfTests;

/// <summary>Membership's guarantees: deaths are declared late, each view learns later still, a node declared dead stops.</summary>
public class SimMembershipTests
{
    private static readonly SimMembershipOptions Options = new()
    {
        DeclareDeadAfter = TimeSpan.FromSeconds(10),
        DeclareJitter = TimeSpan.FromSeconds(2),
        ViewLag = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public void A_crash_is_declared_late_and_each_view_hears_of_it_in_its_own_turn()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var heard = new List<(SimAddress Who, bool Alive, TimeSpan At, bool InTurn)>();
            var stillAliveAt9s = false;
            Script.World(sim =>
            {
                sim.Membership.Options = Options;
                var observer = sim.Add("observer", n =>
                {
                    n.View.Changed += (who, alive) => heard.Add((who, alive, sim.Loop.Now, sim.Loop.CurrentNode == n.Scheduler));
                    return n;
                });
                sim.Add("victim", n => n);
                sim.Loop.Schedule(TimeSpan.FromSeconds(1), "crash", () => sim.Crash(1));
                sim.Loop.Schedule(TimeSpan.FromSeconds(10), "look", () => stillAliveAt9s = observer.View.IsAlive(new SimAddress(1, 1)));
            }, seed);

            Assert.True(stillAliveAt9s, $"seed {seed}: the view dropped the victim before it could have been declared dead");
            var (who, alive, at, inTurn) = Assert.Single(heard, h => !h.Alive);
            Assert.Equal(new SimAddress(1, 1), who);
            Assert.InRange(at, TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(14));
            Assert.True(inTurn);
        }
    }

    [Fact]
    public void A_node_paused_past_the_deadline_is_declared_dead_and_stops_once_it_resumes_and_hears_it()
    {
        var stopped = new List<(SimAddress, TimeSpan)>();
        var sim = Script.World(sim =>
        {
            sim.Membership.Options = Options;
            sim.Add("observer", n => n);
            sim.Add("sleeper", n => n);
            sim.Stopped += node => stopped.Add((node.Address, sim.Loop.Now));
            sim.Pause(1);
            sim.Loop.Schedule(TimeSpan.FromSeconds(30), "resume", () => sim.Resume(1));
        });

        Assert.True(sim.Membership.IsDeclaredDead(new SimAddress(1, 1)));
        Assert.False(sim.Nodes[0].View.IsAlive(new SimAddress(1, 1)));
        Assert.True(sim.Nodes[1].IsCrashed);
        Assert.Equal([(new SimAddress(1, 1), TimeSpan.FromSeconds(30))], stopped); // its view's news waited for its turn
    }

    [Fact]
    public void A_restart_declares_the_old_incarnation_dead_and_the_new_one_is_heard_of_late()
    {
        var sim = Script.World(sim =>
        {
            sim.Membership.Options = Options;
            sim.Add("observer", n => n);
            sim.Add("phoenix", n => n);
            sim.Loop.Schedule(TimeSpan.FromSeconds(1), "restart", () => sim.Restart(1));
        });

        var view = sim.Nodes[0].View;
        Assert.Equal([new SimAddress(0, 1), new SimAddress(1, 2)], view.Alive);
        Assert.Equal(new SimAddress(1, 2), view.Find(1));
        Assert.True(sim.Loop.Now <= TimeSpan.FromSeconds(1) + Options.DeclareDeadAfter + Options.DeclareJitter + Options.ViewLag);
    }
}
