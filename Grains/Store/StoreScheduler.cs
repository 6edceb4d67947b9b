using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Disque.Cluster;
using Orleans.Runtime;

namespace Disque.Store;

/// <summary>
/// How this silo's own command path (the RESP gateway, the Orleans face) reaches this
/// silo's job store: the work is posted onto the store grain's turn, its activation's
/// scheduler, rather than sent as a grain message. The store is on this silo by
/// placement, so a message would only be built, copied and answered to stay here.
/// Work posted here runs exactly as a grain call does: on the grain's turn, one
/// turn at a time, interleaving at awaits as the reentrant grain allows. Other
/// silos, and calls between stores, use grain calls as before.
/// As a grain call carries its caller's RequestContext and Activity, posted work runs
/// in its poster's ExecutionContext (which holds both), in a span of its own ("store turn")
/// when tracing listens. Work that reaches a store that
/// deactivated meanwhile is not run on it: it fails, and the poster sees why.
/// Posts share the store's turns (<see cref="StoreTurns"/>): one turn starts every request
/// posted since the last, rather than one turn being asked for each.
/// </summary>
public sealed class StoreScheduler : ILocalStore
{
    private volatile Attachment? _store;
    private readonly Func<Task> _bringUp;

    /// <summary>Store 0 of this silo, brought up by a grain call when work comes before it is active.</summary>
    public StoreScheduler(ClusterView cluster) : this(() => cluster.LocalStore.Describe()) { }

    /// <summary>A store brought up by <paramref name="bringUp"/> (a grain call to it).</summary>
    internal StoreScheduler(Func<Task> bringUp) => _bringUp = bringUp;

    private sealed record Attachment(StoreCore Store, StoreTurns Turns);

    /// <summary>Called by the store on its turn when it activates.</summary>
    internal void Attach(StoreCore store, IWorkItemScheduler scheduler) => _store = new Attachment(store, new StoreTurns(scheduler.QueueAction));

    internal void Detach(StoreCore store)
    {
        if (_store?.Store == store)
            _store = null;
    }

    /// <summary>Runs <paramref name="work"/> on the store's turn; its result, or its exception, comes back here.</summary>
    internal ValueTask<T> Run<TArg, T>(Func<StoreCore, TArg, Task<T>> work, TArg arg)
    {
        if (StoreTurnClock.On)
            work = StoreTurnClock.Timed(work);
        if (_store is not { } attached)
            return RunOnceActive(work, arg);
        var posted = Posted<TArg, T>.Rent(attached.Store, work, arg);
        attached.Turns.Post(posted);
        return new ValueTask<T>(posted, posted.Version);
    }

    ValueTask<T> ILocalStore.Run<TArg, T>(Func<IJobStore, TArg, Task<T>> work, TArg arg) => Run(work, arg);

    /// <summary>The store is not active yet (the silo just started): a grain call brings it up, then the work is posted.</summary>
    private async ValueTask<T> RunOnceActive<TArg, T>(Func<StoreCore, TArg, Task<T>> work, TArg arg)
    {
        await _bringUp();
        if (_store is null)
            throw new InvalidOperationException("This silo's job store did not come up.");
        return await Run(work, arg);
    }

    /// <summary>One piece of posted work and its result, pooled: posting allocates nothing but the Orleans work item of a turn, which the turn's posts share.</summary>
    private sealed class Posted<TArg, T> : IValueTaskSource<T>, IPostedWork
    {
        private static readonly ConcurrentQueue<Posted<TArg, T>> Pool = new();
        private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };
        private StoreCore _store = null!;
        private Func<StoreCore, TArg, Task<T>> _work = null!;
        private TArg _arg = default!;
        private ExecutionContext? _context;
        private System.Diagnostics.Activity? _span;

        public short Version => _core.Version;

        public static Posted<TArg, T> Rent(StoreCore store, Func<StoreCore, TArg, Task<T>> work, TArg arg)
        {
            if (!Pool.TryDequeue(out var posted))
                posted = new Posted<TArg, T>();
            (posted._store, posted._work, posted._arg) = (store, work, arg);
            posted._context = ExecutionContext.Capture();
            return posted;
        }

        /// <summary>On the store's turn.</summary>
        public void Execute()
        {
            if (_context is null)
                Start(this);
            else
                ExecutionContext.Run(_context, static p => Start((Posted<TArg, T>)p!), this);
        }

        private static void Start(Posted<TArg, T> posted) => posted.Start();

        private void Start()
        {
            Task<T> task;
            // A span for the store's turn when tracing listens: the calls the work makes to other silos are its children.
            _span = DisqueTracing.Source.HasListeners() ? DisqueTracing.Source.StartActivity("store turn") : null;
            _span?.SetTag(DisqueTracing.SystemTag, DisqueTracing.System);
            try
            {
                if (!_store.IsActive)
                    throw new InvalidOperationException("This silo's job store deactivated before the work posted to it ran.");
                task = _work(_store, _arg);
            }
            catch (Exception error)
            {
                EndSpan();
                _core.SetException(error);
                return;
            }
            if (task.IsCompletedSuccessfully)
            {
                EndSpan();
                _core.SetResult(task.Result);
            }
            else
                task.ContinueWith(static (t, p) => ((Posted<TArg, T>)p!).Complete(t), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private void EndSpan()
        {
            _span?.Dispose();
            _span = null;
        }

        private void Complete(Task<T> task)
        {
            EndSpan();
            if (task.IsCompletedSuccessfully)
                _core.SetResult(task.Result);
            else
                _core.SetException(task.Exception?.InnerException ?? new TaskCanceledException(task));
        }

        public T GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _core.Reset();
                (_store, _work, _arg, _context) = (null!, null!, default!, null);
                Pool.Enqueue(this);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
