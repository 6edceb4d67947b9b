namespace Disque.Node;

/// <summary>
/// Gathers requests for one grain from every connection into one grain call.
/// The first request is sent at once; while a call is under way the next ones
/// wait and leave together, so batches grow with load and add no delay when idle.
/// Requests keep their order: one call is under way at a time.
/// </summary>
public sealed class Batcher<TIn, TOut>(Func<TIn[], Task<TOut[]>> send, int maxBatch = 1024)
{
    private readonly Lock _lock = new();
    private List<(TIn Item, TaskCompletionSource<TOut> Done)> _waiting = [];
    private bool _sending;

    public Task<TOut> Submit(TIn item)
    {
        var done = new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously);
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
        return done.Task;
    }

    private async Task Pump()
    {
        while (true)
        {
            List<(TIn Item, TaskCompletionSource<TOut> Done)> batch;
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
                    _waiting = [];
                }
                else
                {
                    batch = _waiting.GetRange(0, maxBatch);
                    _waiting.RemoveRange(0, maxBatch);
                }
            }
            await SendOne(batch);
        }
    }

    private async Task SendOne(List<(TIn Item, TaskCompletionSource<TOut> Done)> batch)
    {
        try
        {
            var items = new TIn[batch.Count];
            for (var i = 0; i < items.Length; i++)
                items[i] = batch[i].Item;
            var results = await send(items).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(results[i]);
        }
        catch (Exception error)
        {
            foreach (var (_, done) in batch)
                done.TrySetException(error);
        }
    }
}
