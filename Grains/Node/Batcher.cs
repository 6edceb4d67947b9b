using System.Threading.Tasks.Sources;

namespace Disque.Node;

/// <summary>
/// Gathers requests for one grain from every connection into one grain call.
/// The first request is sent at once; while a call is under way the next ones
/// wait and leave together, so batches grow with load and add no delay when idle.
/// Requests keep their order: one call is under way at a time. Each request's
/// completion is a pooled value-task source, so a request allocates nothing here.
/// </summary>
public sealed class Batcher<TIn, TOut>(Func<TIn[], Task<TOut[]>> send, int maxBatch = 1024)
{
    private readonly Lock _lock = new();
    private List<(TIn Item, Completion Done)> _waiting = [];
    private List<(TIn Item, Completion Done)> _spare = [];
    private bool _sending;

    public ValueTask<TOut> Submit(TIn item)
    {
        var done = Completion.Rent();
        bool start;
        lock (_lock)
        {
            _waiting.Add((item, done));
            start = !_sending;
            _sending = true;
        }
        if (start)
        {
            // Never let the sending loop run on a grain's scheduler: it belongs to no grain.
            if (TaskScheduler.Current == TaskScheduler.Default)
                _ = Pump();
            else
                _ = Task.Run(Pump);
        }
        return new ValueTask<TOut>(done, done.Version);
    }

    private async Task Pump()
    {
        while (true)
        {
            List<(TIn Item, Completion Done)> batch;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _sending = false;
                    return;
                }
                if (_waiting.Count <= maxBatch)
                {
                    batch = _waiting;
                    _waiting = _spare;
                }
                else
                {
                    batch = _waiting.GetRange(0, maxBatch);
                    _waiting.RemoveRange(0, maxBatch);
                }
            }
            await SendOne(batch).ConfigureAwait(false);
            batch.Clear();
            lock (_lock)
                _spare = batch;
        }
    }

    private async Task SendOne(List<(TIn Item, Completion Done)> batch)
    {
        TOut[]? results = null;
        Exception? failure = null;
        try
        {
            var items = new TIn[batch.Count];
            for (var i = 0; i < items.Length; i++)
                items[i] = batch[i].Item;
            results = await send(items).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            failure = error;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (failure is null)
                batch[i].Done.SetResult(results![i]);
            else
                batch[i].Done.SetException(failure);
        }
    }

    /// <summary>One request's result, reused once its awaiter has read it.</summary>
    private sealed class Completion : IValueTaskSource<TOut>
    {
        private static readonly System.Collections.Concurrent.ConcurrentBag<Completion> Pool = [];
        private ManualResetValueTaskSourceCore<TOut> _core = new() { RunContinuationsAsynchronously = true };

        public short Version => _core.Version;

        public static Completion Rent() => Pool.TryTake(out var done) ? done : new Completion();

        public void SetResult(TOut result) => _core.SetResult(result);

        public void SetException(Exception error) => _core.SetException(error);

        public TOut GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _core.Reset();
                Pool.Add(this);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
