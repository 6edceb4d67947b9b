using Disque.Wire;

namespace Disque.Tests.Simulation.Disque;

/// <summary>
/// Issue 18, "every wait bounded": scripted runs of the simulation (<see cref="Scenario"/>) in
/// which one silo stands still (SIGSTOP, not declared dead yet) and Orleans' 30 s call timeout is
/// the only bound a call has of its own. What the others do must not wait for it that long.
/// </summary>
public sealed class BoundedWaitTests
{
    [Fact]
    public void A_hand_off_past_a_paused_silo_ends_within_the_shutdown_budget_and_moves_every_job_to_a_living_silo() =>
        Scenario.Run(async s =>
        {
            var ids = await s.Add(0, "q", 2500); // three chunks of a hand-off
            s.Sim.Pause(2);

            var started = s.Now;
            await s.On(0, silo => silo.Leave());

            Assert.True(s.Now - started < SimSilo.LeaveWithin, $"the hand-off took {(s.Now - started).TotalSeconds:0.#} s");
            Assert.Empty(await s.Held(0, ids));
            Assert.Equal(ids.Length, (await s.Held(1, ids)).Length);
        });
}
