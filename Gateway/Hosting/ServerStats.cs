using System.Diagnostics;

namespace Disque.Gateway.Hosting;

/// <summary>The counters INFO reports for this gateway: connections, commands, bytes.</summary>
public sealed class ServerStats
{
    private long _connectionsReceived;
    private long _connected;
    private long _commands;
    private long _bytesIn;
    private long _bytesOut;
    private long _blocked;

    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public long ConnectionsReceived => Interlocked.Read(ref _connectionsReceived);

    public long Connected => Interlocked.Read(ref _connected);

    public long Commands => Interlocked.Read(ref _commands);

    public long InputBytes => Interlocked.Read(ref _bytesIn);

    public long OutputBytes => Interlocked.Read(ref _bytesOut);

    /// <summary>Clients waiting in a blocking GETJOB on this gateway.</summary>
    public long Blocked => Interlocked.Read(ref _blocked);

    public TimeSpan Uptime => Stopwatch.GetElapsedTime(StartedAt);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsReceived);
        Interlocked.Increment(ref _connected);
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _connected);

    public void CommandProcessed() => Interlocked.Increment(ref _commands);

    public void BytesIn(long bytes) => Interlocked.Add(ref _bytesIn, bytes);

    public void BytesOut(long bytes) => Interlocked.Add(ref _bytesOut, bytes);

    public void BlockedChanged(int delta) => Interlocked.Add(ref _blocked, delta);
}
