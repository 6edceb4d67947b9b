using System.Collections.Concurrent;
using Disque.Client.Connections;
using Disque.Client.Nodes;
using Disque.Client.Protocol;
using Disque.Client.Resp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Disque.Client;

/// <summary>
/// A Disque client over RESP. It starts from the configured endpoints, asks HELLO
/// for the cluster's nodes (again every <see cref="DisqueClientOptions.HelloInterval"/>),
/// talks to the best one, and moves to the next when a connection fails. Short
/// commands are pipelined on a few shared connections per node; each blocking GETJOB
/// has a connection of its own, so a wait for jobs holds up nothing else.
/// Thread-safe; one instance per application is enough.
/// </summary>
public sealed partial class DisqueClient : IDisqueClient, IAsyncDisposable, IDisposable
{
    private readonly DisqueClientOptions _options;
    private readonly NodeDirectory _nodes;
    private readonly ConcurrentDictionary<NodeEndpoint, NodeConnections> _pools = new();
    private readonly ConcurrentDictionary<NodeEndpoint, bool> _failurePolicy = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly ILogger _log;
    private readonly object _starting = new();
    private Task? _firstHello;
    private Task? _refreshing;

    public DisqueClient(DisqueClientOptions? options = null)
    {
        _options = options ?? new DisqueClientOptions();
        _nodes = new NodeDirectory(_options.Seeds, _options.FailedNodeBackoff, TimeProvider.System);
        _log = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DisqueClient>();
    }

    /// <summary>A client that has reached the cluster and run HELLO: fails here when no configured node answers.</summary>
    public static async Task<DisqueClient> ConnectAsync(DisqueClientOptions options, CancellationToken cancellation = default)
    {
        var client = new DisqueClient(options);
        try
        {
            await client.RefreshNodesAsync(cancellation).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The nodes as HELLO last listed them (before the first HELLO: the configured endpoints), best first.</summary>
    public IReadOnlyList<GatewayNode> Nodes => _nodes.Nodes;

    /// <summary>The node that answered last.</summary>
    public GatewayNode? CurrentNode => _nodes.Current;

    /// <summary>Runs HELLO now and takes its list of nodes; the client also does this on its own, periodically.</summary>
    public async Task<IReadOnlyList<GatewayNode>> RefreshNodesAsync(CancellationToken cancellation = default)
    {
        var (reply, node) = await SendAsync(new RespCommand("HELLO"), repeatable: true, TimeSpan.Zero, cancellation).ConfigureAwait(false);
        var (myId, nodes) = DisqueReplies.Hello(reply);
        _nodes.Update(myId, nodes, node);
        StartRefreshing();
        return _nodes.Nodes;
    }

    /// <summary>
    /// Any command, for those without a typed method (PAUSE, ENQUEUE, INFO...): its raw
    /// reply, an error reply included. Sent once: not repeated on another node after a failure.
    /// </summary>
    public async Task<RespValue> ExecuteAsync(IReadOnlyList<string> command, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        await EnsureStarted(cancellation).ConfigureAwait(false);
        var resp = new RespCommand(command[0]).AddRange(command.Skip(1));
        return (await SendAsync(resp, repeatable: false, TimeSpan.Zero, cancellation).ConfigureAwait(false)).Reply;
    }

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
            return;
        await _closing.CancelAsync().ConfigureAwait(false);
        if (_refreshing is { } refreshing)
            await refreshing.ConfigureAwait(false);
        foreach (var pool in _pools.Values)
            await pool.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The first command waits for a first HELLO, so it goes to the best node; a HELLO that fails leaves the configured nodes in use.</summary>
    private Task EnsureStarted(CancellationToken cancellation)
    {
        var first = Volatile.Read(ref _firstHello);
        if (first is { IsCompletedSuccessfully: true })
            return Task.CompletedTask;
        lock (_starting)
        {
            if (_firstHello is null || _firstHello.IsFaulted || _firstHello.IsCanceled)
                _firstHello = FirstHello();
            return _firstHello.WaitAsync(cancellation);
        }
    }

    private async Task FirstHello()
    {
        try
        {
            await RefreshNodesAsync(_closing.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is DisqueConnectionException or DisqueException or FormatException)
        {
            // The command that follows goes to a configured node and reports its own failure.
            _log.LogWarning(error, "HELLO failed; starting from the configured nodes");
            StartRefreshing();
        }
    }

    private void StartRefreshing()
    {
        if (Volatile.Read(ref _refreshing) is not null)
            return;
        lock (_starting)
            _refreshing ??= Task.Run(RefreshPeriodically);
    }

    private async Task RefreshPeriodically()
    {
        using var timer = new PeriodicTimer(_options.HelloInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
            {
                try
                {
                    await RefreshNodesAsync(_closing.Token).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    _log.LogWarning(error, "HELLO failed; keeping the nodes known");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private NodeConnections Pool(NodeEndpoint node) =>
        _pools.GetOrAdd(node, n => new NodeConnections(n, _options.SharedConnections, _options.MaxIdleBlockingConnections, Open));

    /// <summary>A new connection, authenticated when a password is configured.</summary>
    private async Task<RespConnection> Open(NodeEndpoint node, CancellationToken cancellation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _closing.Token);
        var connection = await RespConnection.OpenAsync(node, _options.ConnectTimeout, linked.Token).ConfigureAwait(false);
        if (string.IsNullOrEmpty(_options.Password))
            return connection;
        try
        {
            var reply = await connection.SendAsync(DisqueCommands.WithArgs("AUTH", _options.Password), linked.Token)
                .WaitAsync(_options.CommandTimeout, linked.Token).ConfigureAwait(false);
            DisqueReplies.Checked(reply);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
