using Disque.Client.Connections;
using Disque.Client.Resp;
using Microsoft.Extensions.Logging;

namespace Disque.Client;

/// <summary>
/// Failover. A command goes to the node the directory chooses; when the connection
/// cannot be made it goes to the next node. When a connection breaks after the
/// command was written, the node may have carried it out: the command moves on only
/// when repeating it is harmless (everything but ADDJOB and NACK; GETJOB's job, if
/// one was taken, comes back after its RETRY), else the caller gets the
/// <see cref="DisqueConnectionException"/> with <c>MayHaveRun</c> set.
/// </summary>
public sealed partial class DisqueClient
{
    private delegate Task<RespValue> Attempt(NodeConnections pool, NodeEndpoint node);

    /// <summary>How long a cancelled GETJOB's connection waits for the node's last reply.</summary>
    private static readonly TimeSpan HangUpGrace = TimeSpan.FromSeconds(5);

    /// <summary>A short command on a shared, pipelined connection.</summary>
    private Task<(RespValue Reply, NodeEndpoint Node)> SendAsync(RespCommand command, bool repeatable, TimeSpan extraTime, CancellationToken cancellation) =>
        WithFailover(command.Name, repeatable, async (pool, node) =>
        {
            var connection = await pool.SharedAsync(cancellation).ConfigureAwait(false);
            return await Reply(connection, connection.SendAsync(command, cancellation), _options.CommandTimeout + extraTime, cancellation).ConfigureAwait(false);
        }, cancellation);

    /// <summary>
    /// A blocking GETJOB on a connection of its own, written for the time left of
    /// <paramref name="wait"/> (null: no limit). Cancellation hangs that connection up: the
    /// node ends the wait and puts back whatever it was handing out, or, when it handed a
    /// job out just before, the reply still arrives and the caller puts the job back.
    /// A node that answers -LEAVING is passed over for the next.
    /// </summary>
    private Task<(RespValue Reply, NodeEndpoint Node)> SendBlockingAsync(Func<TimeSpan?, RespCommand> command, TimeSpan? wait, CancellationToken cancellation)
    {
        var deadline = wait is { } w ? DateTime.UtcNow + w : (DateTime?)null;
        return WithFailover("GETJOB", repeatable: true, async (pool, node) =>
        {
            var left = deadline is { } d ? d - DateTime.UtcNow : (TimeSpan?)null;
            var connection = await pool.BorrowAsync(cancellation).ConfigureAwait(false);
            try
            {
                using (cancellation.Register(static c => ((RespConnection)c!).HangUp(HangUpGrace), connection))
                {
                    var limit = left is { } l ? l + _options.CommandTimeout : Timeout.InfiniteTimeSpan;
                    var reply = await Reply(connection, connection.SendAsync(command(left)), limit, CancellationToken.None).ConfigureAwait(false);
                    if (reply.IsError && reply.Text!.StartsWith("LEAVING", StringComparison.Ordinal))
                        throw new NodeLeaving(reply);
                    return reply;
                }
            }
            catch (DisqueConnectionException) when (cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellation);
            }
            finally
            {
                pool.Return(connection);
            }
        }, cancellation);
    }

    private async Task<(RespValue Reply, NodeEndpoint Node)> WithFailover(string name, bool repeatable, Attempt attempt, CancellationToken cancellation)
    {
        var tried = new List<NodeEndpoint>();
        var reconnected = new HashSet<NodeEndpoint>();
        var failures = new List<Exception>();
        RespValue? leaving = null;
        while (!_closing.IsCancellationRequested && _nodes.Choose(tried) is { } node)
        {
            tried.Add(node);
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var reply = await attempt(Pool(node), node).ConfigureAwait(false);
                _nodes.Answered(node);
                return (reply, node);
            }
            catch (NodeLeaving left)
            {
                _nodes.Leaving(node);
                leaving = left.Reply;
                _log.LogInformation("{Node} is leaving the cluster; trying another node", node);
            }
            catch (DisqueConnectionException error)
            {
                _nodes.Failed(node);
                _log.LogWarning("{Command} to {Node} failed: {Error}", name, node, error.Message);
                if (error.MayHaveRun && !repeatable)
                    throw;
                failures.Add(error);
                // A connection that had been open broke (the node may have closed an idle one): one fresh connection to the same node.
                if (!error.WhileConnecting && reconnected.Add(node))
                    tried.Remove(node);
            }
        }
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        if (leaving is not null)
            return (leaving, tried[^1]);
        throw new DisqueConnectionException($"No Disque node answered {name}; tried {string.Join(", ", tried)}.", new AggregateException(failures));
    }

    /// <summary>The reply, or a connection given up on (closed) when it does not come within <paramref name="limit"/>.</summary>
    private static async Task<RespValue> Reply(RespConnection connection, Task<RespValue> reply, TimeSpan limit, CancellationToken cancellation)
    {
        try
        {
            return await reply.WaitAsync(limit, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException error)
        {
            connection.Abort();
            throw new DisqueConnectionException($"No reply from {connection.Endpoint} within {limit}.", error) { MayHaveRun = true };
        }
    }

    /// <summary>A node answered -LEAVING to a GETJOB: another node may serve it.</summary>
    private sealed class NodeLeaving(RespValue reply) : Exception
    {
        public RespValue Reply { get; } = reply;
    }
}
