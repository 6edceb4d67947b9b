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
    public void A_hand_off_past_a_paused_silo_ends_within_the_shutdown_budget_and_moves_the_other_chunks_to_a_living_silo() =>
        Scenario.Run(async s =>
        {
            var ids = await s.Add(0, "q", 2500); // three chunks of a hand-off (1,000 jobs each)
            s.Sim.Pause(2);

            var started = s.Now;
            await s.On(0, silo => silo.Leave());

            Assert.True(s.Now - started < SimSilo.LeaveWithin, $"the hand-off took {(s.Now - started).TotalSeconds:0.#} s");
            // Only the jobs of the first chunk that were sent to the paused silo stay (it may take them when it
            // resumes: moved elsewhere, two silos could own them); every other job is on the living silo.
            var stayed = (await s.Held(0, ids)).Length;
            Assert.InRange(stayed, 1, 1000);
            Assert.Equal(ids.Length - stayed, (await s.Held(1, ids)).Length);
        });

    [Fact]
    public void GETJOB_finds_the_jobs_of_a_silo_asked_after_one_that_hangs() =>
        Scenario.Run(async s =>
        {
            var ids = await s.Add(2, "q", 1);
            s.Sim.Pause(1); // asked first: silos are asked in address order

            var got = await s.On(0, silo => silo.GetJob(new GetJobSpec { Queues = ["q"], NoHang = true }, hangUpAfterMs: 0));

            Assert.Equal(ids, got.Select(d => d.Job.Id));
        });

    [Fact]
    public void GETJOB_asking_several_silos_delivers_at_most_COUNT_and_every_other_job_is_queued_again() =>
        Scenario.Run(async s =>
        {
            var owned = new[] { (Silo: 1, Ids: await s.Add(1, "q", 3)), (Silo: 2, Ids: await s.Add(2, "q", 3)) };

            var got = await s.On(0, silo => silo.GetJob(new GetJobSpec { Queues = ["q"], NoHang = true, Count = 2 }, hangUpAfterMs: 0));
            await s.Wait(TimeSpan.FromSeconds(1)); // give-backs land

            Assert.InRange(got.Length, 1, 2);
            var delivered = got.Select(d => d.Job.Id).ToHashSet();
            foreach (var (silo, ids) in owned)
                foreach (var id in ids)
                    Assert.Equal(delivered.Contains(id) ? JobState.Active : JobState.Queued, await s.On(silo, x => Task.FromResult(x.Core.Record(id)!.State)));
        });

    [Fact]
    public void An_ACK_of_an_ASYNC_job_does_not_wait_for_a_copy_still_being_made_and_a_late_copy_is_refused() =>
        Scenario.Run(async s =>
        {
            s.Sim.Pause(2);
            var id = (await s.Add(0, "q", 1, replicate: 3, async: true))[0];
            // Silo 1 took its copy; silo 2's is on its way until the call times out (30 s), long after
            // silo 2 was declared dead (5 s), when an ACK passes it by.
            await s.Wait(TimeSpan.FromSeconds(8));
            var copy = await s.On(1, x => Task.FromResult(x.Core.Record(id)!.ToCopy()));

            var started = s.Now;
            Assert.Equal(1, await s.On(0, x => x.AckJob([id])));

            Assert.True(s.Now - started < TimeSpan.FromSeconds(1), $"the ACK took {(s.Now - started).TotalSeconds:0.#} s");
            Assert.Empty(await s.Held(0, [id]));
            Assert.Empty(await s.Held(1, [id]));
            // A copy of the job that reaches silo 1 after the ACK (late, or sent again) is refused there.
            Assert.Equal([id], await s.On(1, x => x.Core.Replicate([copy], s.Address(0))));
        }, declareDeadAfter: TimeSpan.FromSeconds(5));
}
