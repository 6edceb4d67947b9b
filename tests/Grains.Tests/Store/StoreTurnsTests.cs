using Disque.Store;

namespace Disque.Tests.Store;

/// <summary><see cref="StoreTurns"/>: many posts to one turn, in order, a bounded batch per turn, none lost to a race.</summary>
public sealed class StoreTurnsTests
{
    /// <summary>An activation's scheduler as the turns see it: actions queued, run one at a time when the test says.</summary>
    private sealed class Turns
    {
        private readonly Queue<(Action<object> Action, object State)> _queued = new();

        public int Asked { get; private set; }

        public void QueueAction(Action<object> action, object state)
        {
            lock (_queued)
            {
                Asked++;
                _queued.Enqueue((action, state));
            }
        }

        /// <summary>Runs the turns queued so far; false when there was none.</summary>
        public bool RunOne()
        {
            (Action<object> Action, object State) turn;
            lock (_queued)
                if (!_queued.TryDequeue(out turn))
                    return false;
            turn.Action(turn.State);
            return true;
        }
    }

    /// <summary>A store's turns on a scheduler the test runs, and the list its work records its start in.</summary>
    private static (Turns Scheduler, StoreTurns Turns, List<int> Started) Fresh()
    {
        var scheduler = new Turns();
        return (scheduler, new StoreTurns(scheduler.QueueAction), []);
    }

    private sealed class Work(List<int> started, int id) : IPostedWork
    {
        public void Execute() => started.Add(id);
    }

    [Fact]
    public void Posts_before_the_turn_share_it_and_start_in_order()
    {
        var (scheduler, turns, started) = Fresh();

        for (var i = 0; i < 10; i++)
            turns.Post(new Work(started, i));

        Assert.Equal(1, scheduler.Asked);
        Assert.Empty(started);
        Assert.True(scheduler.RunOne());
        Assert.Equal(Enumerable.Range(0, 10), started);
        Assert.False(scheduler.RunOne());

        turns.Post(new Work(started, 10));
        Assert.Equal(2, scheduler.Asked);
    }

    [Fact]
    public void A_turn_starts_at_most_its_bound_and_asks_for_another_for_the_rest()
    {
        var (scheduler, turns, started) = Fresh();
        var posted = StoreTurns.MaxPerTurn + 5;

        for (var i = 0; i < posted; i++)
            turns.Post(new Work(started, i));

        Assert.True(scheduler.RunOne());
        Assert.Equal(StoreTurns.MaxPerTurn, started.Count);
        Assert.True(scheduler.RunOne());
        Assert.Equal(Enumerable.Range(0, posted), started);
        Assert.Equal(2, scheduler.Asked);
    }

    [Fact]
    public void Work_that_throws_leaves_the_items_behind_it_to_the_next_turn()
    {
        var (scheduler, turns, started) = Fresh();

        turns.Post(new Throwing());
        turns.Post(new Work(started, 1));

        Assert.Throws<InvalidOperationException>(() => scheduler.RunOne());
        Assert.True(scheduler.RunOne());
        Assert.Equal([1], started);
    }

    private sealed class Throwing : IPostedWork
    {
        public void Execute() => throw new InvalidOperationException("escaped");
    }

    [Fact]
    public async Task Posts_from_many_threads_while_turns_run_all_start_once()
    {
        var (scheduler, turns, started) = Fresh();
        const int Posters = 4, Each = 20_000;
        var posting = true;

        // One thread runs the turns, as an activation runs one turn at a time; once the posters are
        // done it runs what is queued still: a post lost between an empty queue and a finished drain would stay behind.
        var runner = Task.Run(() =>
        {
            while (Volatile.Read(ref posting) || scheduler.RunOne())
                scheduler.RunOne();
        });
        await Task.WhenAll(Enumerable.Range(0, Posters).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < Each; i++)
                turns.Post(new Work(started, (p * Each) + i));
        })));
        Volatile.Write(ref posting, false);
        await runner;

        Assert.Equal(Enumerable.Range(0, Posters * Each), started.Order());
    }
}
