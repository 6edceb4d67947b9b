using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Disque.Client.Resp;

namespace Disque.Cluster.Tests;

/// <summary>A Disque error reply.</summary>
public sealed class RespError(string message) : Exception(message);

/// <summary>
/// A plain RESP connection for the cluster tests, written and read with the client library's
/// codec (<see cref="RespCommand"/>, <see cref="RespReplyReader"/>): one command at a time,
/// replies as string (status and bulk), long, object?[] or null. Failures of the
/// server (a killed gateway) surface as IOException or SocketException.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private readonly SemaphoreSlim _turn = new(1, 1);
    private PipeWriter _output = null!;
    private RespReplyReader _replies = null!;

    public IPEndPoint EndPoint { get; private init; } = null!;

    public static Task<TestClient> Open(int port) => Open(new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>Connects within 5 s (an address cut off by a partition answers nothing, not even a refusal), else TimeoutException.</summary>
    public static async Task<TestClient> Open(IPEndPoint endpoint)
    {
        var connection = new TestClient { EndPoint = endpoint };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await connection._tcp.ConnectAsync(endpoint, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            connection._tcp.Dispose();
            throw new TimeoutException($"No connection to {endpoint} within 5 s.");
        }
        var stream = connection._tcp.GetStream();
        connection._output = PipeWriter.Create(stream);
        connection._replies = new RespReplyReader(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024)));
        return connection;
    }

    /// <summary>One command and its reply; an error reply is thrown as <see cref="RespError"/>.</summary>
    public async Task<object?> Call(params object[] args)
    {
        var reply = (await Pipeline([args]))[0];
        return reply is RespError error ? throw error : reply;
    }

    /// <summary>Several commands written at once, their replies read in order; an error reply is returned, not thrown.</summary>
    public async Task<object?[]> Pipeline(IReadOnlyList<object[]> commands)
    {
        await _turn.WaitAsync();
        try
        {
            foreach (var args in commands)
                new RespCommand(Text(args[0])).AddRange(args.Skip(1).Select(Text)).WriteTo(_output);
            await _output.FlushAsync();
            var replies = new object?[commands.Count];
            for (var i = 0; i < replies.Length; i++)
                replies[i] = Value(await _replies.ReadAsync());
            return replies;
        }
        finally
        {
            _turn.Release();
        }
    }

    private static string Text(object arg) => Convert.ToString(arg, CultureInfo.InvariantCulture)!;

    private static object? Value(RespValue reply) => reply.Type switch
    {
        RespType.Error => new RespError(reply.Text!),
        RespType.Integer => reply.Integer,
        RespType.Array => reply.Items.Select(Value).ToArray(),
        RespType.Null => null,
        _ => reply.Text,
    };

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
