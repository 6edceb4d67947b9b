using System.Diagnostics;

namespace Disque.Gateway.Hosting;

/// <summary>The counters INFO reports for this gateway: connections, commands, bytes.</summary>
public sealed class ServerStats : IDisposable
{
    private readonly InstantaneousMetrics _instantaneous;

    public ServerStats() => _instantaneous = new InstantaneousMetrics(() => Commands, () => InputBytes, () => OutputBytes);

    public long OpsPerSecond => _instantaneous.PerSecond(0);

    public double InputKbps => _instantaneous.PerSecond(1) / 1024.0;

    public double OutputKbps => _instantaneous.PerSecond(2) / 1024.0;

    public void Dispose() => _instantaneous.Dispose();

    private long _connectionsReceived;
    private long _connected;
    private long _commands;
    private long _bytesIn;
    private long _bytesOut;

    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public long ConnectionsReceived => Interlocked.Read(ref _connectionsReceived);

    public long Connected => Interlocked.Read(ref _connected);

    public long Commands => Interlocked.Read(ref _commands);

    public long InputBytes => Interlocked.Read(ref _bytesIn);

    public long OutputBytes => Interlocked.Read(ref _bytesOut);

    public TimeSpan Uptime => Stopwatch.GetElapsedTime(StartedAt);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsReceived);
        Interlocked.Increment(ref _connected);
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _connected);

    public void CommandProcessed() => Interlocked.Increment(ref _commands);

    private long _rejected;

    /// <summary>Connections refused for maxclients.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public void ConnectionRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>CONFIG RESETSTAT: the counters start again from zero (the connected count is a state, not a counter).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _connectionsReceived, 0);
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _bytesIn, 0);
        Interlocked.Exchange(ref _bytesOut, 0);
        Interlocked.Exchange(ref _rejected, 0);
    }

    public void BytesIn(long bytes) => Interlocked.Add(ref _bytesIn, bytes);

    public void BytesOut(long bytes) => Interlocked.Add(ref _bytesOut, bytes);
}
