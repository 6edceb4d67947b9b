using System.Collections.Concurrent;

namespace Disque.Store;

/// <summary>One piece of work posted to a store's turn (<see cref="StoreTurns"/>).</summary>
internal interface IPostedWork
{
    /// <summary>On the store's turn: starts the work (in its poster's context); its result goes back to the poster.</summary>
    void Execute();
}

/// <summary>
/// One store activation's turns for posted work, many requests to a turn: posts go into a
/// queue, and only the post that finds it idle asks the activation's scheduler for a turn.
/// That turn starts every item posted so far and every item posted while it runs, at most
/// <see cref="MaxPerTurn"/>, so that timers and grain calls wait behind one batch at most,
/// then asks for another turn if more waits. Each item still runs as a grain call does:
/// started on the turn, interleaving at its awaits. Self-contained: one per store activation,
/// given what queues an action on that activation's turn (its scheduler's QueueAction).
/// Invariant: at most one drain is scheduled or running (<see cref="_scheduled"/> is 1 from
/// the post that schedules it until the drain finds the queue empty), so items start one at
/// a time, in the order they were posted, and only on the activation's turn.
/// </summary>
internal sealed class StoreTurns(Action<Action<object>, object> queueOnTurn)
{
    /// <summary>The most items one turn starts before it lets the activation's other work in.</summary>
    internal const int MaxPerTurn = 256;

    private readonly ConcurrentQueue<IPostedWork> _posted = new();
    private int _scheduled;

    public void Post(IPostedWork work)
    {
        _posted.Enqueue(work);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            Schedule();
    }

    private void Schedule()
    {
        // The drain runs in no poster's context: each item runs in its own.
        if (ExecutionContext.IsFlowSuppressed())
        {
            queueOnTurn(DrainAction, this);
            return;
        }
        using (ExecutionContext.SuppressFlow())
            queueOnTurn(DrainAction, this);
    }

    private static readonly Action<object> DrainAction = static turns => ((StoreTurns)turns).Drain();

    private void Drain()
    {
        for (var started = 0; started < MaxPerTurn; started++)
        {
            if (!_posted.TryDequeue(out var work))
            {
                // A full fence, not a plain store: the read of the queue below must not pass it, or a post
                // that saw the drain still scheduled could be left in the queue with no turn asked for.
                Interlocked.Exchange(ref _scheduled, 0);
                // A post that came between the empty queue and the line above found the drain still scheduled: take it on.
                if (_posted.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
                    return;
                continue;
            }
            try
            {
                work.Execute();
            }
            catch
            {
                // The work's own failures go to its poster; should one escape, the items behind it wait for the next turn, not forever.
                Schedule();
                throw;
            }
        }
        Schedule();
    }
}
