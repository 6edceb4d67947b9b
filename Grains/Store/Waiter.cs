namespace Disque.Store;

/// <summary>
/// A consumer blocked in GETJOB on one or more queues of this silo, first come first
/// served. It is in the waiting line of each of its queues and leaves all of them at
/// once: served with one job, timed out, or stopped because its client left. It is
/// ended only on its store's turn, so a job handed to it is never lost to a
/// timeout that fires at the same moment.
/// </summary>
internal sealed class Waiter(Guid id, string[] queues, long deadlineMs)
{
    private readonly TaskCompletionSource<Delivery[]?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid Id => id;

    public string[] Queues => queues;

    public long DeadlineMs => deadlineMs;

    /// <summary>Its place in each queue's waiting line, to leave them all when it ends.</summary>
    public LinkedListNode<Waiter>?[] Places { get; } = new LinkedListNode<Waiter>?[queues.Length];

    public bool IsOpen => !_result.Task.IsCompleted;

    /// <summary>The jobs handed to it: none when it timed out or stopped, null when DEBUG FLUSHALL ended it (its consumer gets null at once).</summary>
    public Task<Delivery[]?> Result => _result.Task;

    /// <summary>Ends the wait with the jobs handed to it (none: timed out or stopped; null: flushed).</summary>
    public void End(Delivery[]? jobs)
    {
        foreach (var place in Places)
            place?.List?.Remove(place);
        _result.TrySetResult(jobs);
    }
}
