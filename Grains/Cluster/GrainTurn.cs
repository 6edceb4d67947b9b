namespace Disque.Cluster;

/// <summary>
/// The rule every grain here keeps: its state is touched only on its own turn, never
/// from a timer callback or another thread. A grain captures its turn when it
/// activates; code that mutates state from a callback checks it, so a callback that
/// escaped the grain fails loudly instead of racing the grain's own turns.
/// </summary>
public sealed class GrainTurn
{
    private TaskScheduler? _scheduler;

    /// <summary>Called from OnActivateAsync, which runs on the grain's turn.</summary>
    public void Capture() => _scheduler = TaskScheduler.Current;

    public void Check(string what)
    {
        if (!ReferenceEquals(TaskScheduler.Current, _scheduler))
            throw new InvalidOperationException($"{what} ran outside the grain's turn.");
    }
}
