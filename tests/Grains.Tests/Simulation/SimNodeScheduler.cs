namespace Disque.Tests.Simulation;

/// <summary>
/// One node incarnation's <see cref="TaskScheduler"/>: its "grain turn". Guarantees:
/// - node code started here (<see cref="Run(string, Func{Task})"/>) sees this scheduler as
///   <see cref="TaskScheduler.Current"/>, so each of its <c>await</c> continuations comes back here;
/// - work items run one at a time, first in first out, each as its own loop event (never inlined,
///   so every await is a point where another node, or another call on this node, may run);
/// - while paused, work items wait here in order and time goes on for others; resume lets them go;
/// - once dead (the node crashed), queued and later work is dropped: it never runs.
/// </summary>
public sealed class SimNodeScheduler : TaskScheduler
{
    private readonly SimLoop _loop;
    private readonly Queue<Task> _ready = new();
    private readonly string _label;

    internal SimNodeScheduler(SimLoop loop, SimAddress address)
    {
        _loop = loop;
        Address = address;
        _label = $"turn@{address}";
    }

    public SimAddress Address { get; }
    public bool IsPaused { get; private set; }
    public bool IsDead { get; private set; }

    /// <summary>Work items waiting for their turn.</summary>
    public int Waiting => _ready.Count;

    /// <summary>Runs <paramref name="work"/> in this node's turn; its exceptions fail the simulation.</summary>
    public void Run(string what, Action work) =>
        Start(() =>
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                _loop.ReportFailure(new InvalidOperationException($"{what} on {Address} threw", e));
            }
        });

    /// <summary>Starts async node code in this node's turn; the task it returns is node code's own (faults are the caller's to observe).</summary>
    public Task Run(Func<Task> work) => Start(work).Unwrap();

    /// <inheritdoc cref="Run(Func{Task})"/>
    public Task<T> Run<T>(Func<Task<T>> work) => Start(work).Unwrap();

    private Task<T> Start<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);

    private Task Start(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);

    internal void Pause() => IsPaused = true;

    internal void Resume()
    {
        IsPaused = false;
        for (var i = 0; i < _ready.Count; i++)
            _loop.Schedule(TimeSpan.Zero, _label, RunOne);
    }

    internal void Kill()
    {
        IsDead = true;
        _ready.Clear();
    }

    protected override void QueueTask(Task task)
    {
        _loop.AssertOnLoop($"work queued to {Address}");
        if (IsDead)
            return;
        _ready.Enqueue(task);
        if (!IsPaused)
            _loop.Schedule(TimeSpan.Zero, _label, RunOne);
    }

    // One event per token; a token that finds the node paused or its queue empty does nothing
    // (resume posts a token per waiting item), so every item runs exactly once, in order.
    private void RunOne()
    {
        if (IsDead || IsPaused || !_ready.TryDequeue(out var task))
            return;
        _loop.CurrentNode = this;
        try
        {
            TryExecuteTask(task);
        }
        finally
        {
            _loop.CurrentNode = null;
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _ready];

    public override int MaximumConcurrencyLevel => 1;
}

/// <summary>A node incarnation: the node's slot and its generation (a restart makes a new one, like a silo's address).</summary>
public readonly record struct SimAddress(int Node, int Generation)
{
    public override string ToString() => $"n{Node}.{Generation}";
}
