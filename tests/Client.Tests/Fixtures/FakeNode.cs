using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Disque.Client.Tests.Fixtures;

/// <summary>
/// A TCP server on a free loopback port that plays a misbehaving node: it accepts
/// connections and answers every line it reads with <see cref="Answer"/> (null: nothing).
/// </summary>
public sealed class FakeNode : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public FakeNode(Func<string, string?> answer)
    {
        Answer = answer;
        _listener.Start();
        _accepting = Accept();
    }

    public Func<string, string?> Answer { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Endpoint => $"127.0.0.1:{Port}";

    public int Connections { get; private set; }

    private async Task Accept()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Connections++;
                _ = Serve(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (Answer(line) is { } reply)
                        await stream.WriteAsync(Encoding.Latin1.GetBytes(reply), _stop.Token);
                }
            }
            catch (Exception error) when (error is IOException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
