namespace Disque.Store;

/// <summary>
/// Messages to one other silo's store, batched: items sent while <see cref="MaxInFlight"/>
/// batches are on their way wait, and go together as one message when one comes back. Under
/// light load every send goes at once, alone (no delay is added); under load, the copies of
/// many concurrent ADDJOBs, or the forgets of many ACKs, travel as one message each way instead
/// of one per job. Each sender gets the answer to the batch its items went in (every item's
/// answer must be readable from it: ids not taken, say), and a failed batch fails every
/// sender in it, each of which decides, as before, whether to try again.
/// Not thread-safe: it belongs to one store and is used on that store's turn only.
/// </summary>
/// <param name="send">Sends one batch.</param>
/// <param name="weigh">An item's weight in bytes, for <see cref="MaxBatchBytes"/> (none: items are counted only).</param>
internal sealed class Lane<TItem, TAnswer>(Func<TItem[], Task<TAnswer>> send, Func<TItem, long>? weigh = null)
{
    /// <summary>Batches on their way at once to one silo.</summary>
    public const int MaxInFlight = 4;

    /// <summary>Items per message at most: a batch that is full leaves the next items to another one.</summary>
    public const int MaxBatch = 1024;

    /// <summary>
    /// Bytes per message at most, by <c>weigh</c>: far below Orleans' largest message body (100 MB),
    /// so a batch of large jobs is never refused whole, failing every sender in it.
    /// </summary>
    public const long MaxBatchBytes = 4 << 20;

    private readonly Queue<Batch> _waiting = new();
    private Batch? _filling; // the last batch waiting, which takes more items while it has room
    private int _inFlight;

    private sealed class Batch
    {
        public readonly List<TItem> Items = [];
        public readonly TaskCompletionSource<TAnswer> Answer = new();
        public long Bytes;
    }

    /// <summary>Sends the items (at once when fewer than <see cref="MaxInFlight"/> batches are out); the answer to their batch.</summary>
    public Task<TAnswer> Send(TItem[] items)
    {
        if (_inFlight < MaxInFlight && _waiting.Count == 0)
            return Fly(items);
        var bytes = Weight(items);
        if (_filling is null || _filling.Items.Count + items.Length > MaxBatch || (_filling.Items.Count > 0 && _filling.Bytes + bytes > MaxBatchBytes))
            _waiting.Enqueue(_filling = new Batch());
        _filling.Items.AddRange(items);
        _filling.Bytes += bytes;
        return _filling.Answer.Task;
    }

    private async Task<TAnswer> Fly(TItem[] items)
    {
        _inFlight++;
        try
        {
            return await send(items);
        }
        finally
        {
            _inFlight--;
            if (_waiting.TryDequeue(out var next))
            {
                if (ReferenceEquals(next, _filling))
                    _filling = null;
                _ = Relay(Fly([.. next.Items]), next.Answer);
            }
        }
    }

    private static async Task Relay(Task<TAnswer> flight, TaskCompletionSource<TAnswer> answer)
    {
        try
        {
            answer.SetResult(await flight);
        }
        catch (Exception error)
        {
            answer.SetException(error);
        }
    }

    private long Weight(TItem[] items)
    {
        if (weigh is null)
            return 0;
        long bytes = 0;
        foreach (var item in items)
            bytes += weigh(item);
        return bytes;
    }
}
