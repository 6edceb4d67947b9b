using System.Collections.Concurrent;

namespace Disque.Client.Connections;

/// <summary>
/// The pool of connections to one node. A few shared connections carry every
/// short command, pipelined, taking turns. A blocking GETJOB holds its connection
/// until a job comes (the node answers nothing else on it meanwhile), so it borrows
/// one of its own, which comes back to the pool when GETJOB returns and is closed
/// when its caller gives up.
/// </summary>
internal sealed class NodeConnections : IAsyncDisposable
{
    private readonly Func<NodeEndpoint, CancellationToken, Task<RespConnection>> _open;
    private readonly Task<RespConnection>?[] _shared;
    private readonly ConcurrentQueue<RespConnection> _idle = new();
    private readonly ConcurrentDictionary<RespConnection, byte> _lent = new();
    private readonly int _maxIdle;
    private int _turn;
    private bool _disposed;

    public NodeConnections(NodeEndpoint endpoint, int shared, int maxIdle, Func<NodeEndpoint, CancellationToken, Task<RespConnection>> open)
    {
        Endpoint = endpoint;
        _shared = new Task<RespConnection>?[Math.Max(1, shared)];
        (_maxIdle, _open) = (maxIdle, open);
    }

    public NodeEndpoint Endpoint { get; }

    /// <summary>A shared connection for a pipelined command; opened (once, whoever asks) when it is not open yet.</summary>
    public Task<RespConnection> SharedAsync(CancellationToken cancellation)
    {
        var slot = (int)((uint)Interlocked.Increment(ref _turn) % (uint)_shared.Length);
        Task<RespConnection> connection;
        lock (_shared)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connection = _shared[slot] is { } current && !HasFailed(current) ? current : (_shared[slot] = _open(Endpoint, CancellationToken.None));
        }
        return connection.WaitAsync(cancellation);
    }

    /// <summary>A connection for the caller alone, until <see cref="Return"/>.</summary>
    public async Task<RespConnection> BorrowAsync(CancellationToken cancellation)
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.IsOpen)
                return Lend(idle);
            await idle.DisposeAsync().ConfigureAwait(false);
        }
        return Lend(await _open(Endpoint, cancellation).ConfigureAwait(false));
    }

    /// <summary>Takes a borrowed connection back: kept for the next borrower while open and the pool is not full, else closed.</summary>
    public void Return(RespConnection connection)
    {
        _lent.TryRemove(connection, out _);
        if (connection.IsOpen && !Volatile.Read(ref _disposed) && _idle.Count < _maxIdle)
            _idle.Enqueue(connection);
        else
            connection.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        Task<RespConnection>?[] shared;
        lock (_shared)
        {
            _disposed = true;
            shared = [.. _shared];
        }
        foreach (var opening in shared.OfType<Task<RespConnection>>())
            if (opening.IsCompletedSuccessfully)
                await opening.Result.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in _lent.Keys.Concat(_idle))
            await connection.DisposeAsync().ConfigureAwait(false);
    }

    private RespConnection Lend(RespConnection connection)
    {
        _lent.TryAdd(connection, 0);
        return connection;
    }

    private static bool HasFailed(Task<RespConnection> opening) =>
        opening.IsFaulted || opening.IsCanceled || (opening.IsCompletedSuccessfully && !opening.Result.IsOpen);
}
