using System.Diagnostics;

namespace Disque.LoadGen.Stats;

/// <summary>CPU used during the measurement window, by this process and by the server, in cores (CPU seconds per second).</summary>
public sealed class CpuClock
{
    private readonly ServerProbe _server;
    private long _openedAt;
    private TimeSpan _ownAtOpen;
    private double? _serverAtOpen;

    private CpuClock(ServerProbe server) => _server = server;

    public double LoadGenCores { get; private set; }

    public double? ServerCores { get; private set; }

    public static CpuClock Start(ServerProbe server)
    {
        var clock = new CpuClock(server);
        clock.WindowOpened();
        return clock;
    }

    public void WindowOpened()
    {
        _openedAt = Stopwatch.GetTimestamp();
        _ownAtOpen = Process.GetCurrentProcess().TotalProcessorTime;
        _serverAtOpen = _server.CpuSeconds();
    }

    public void WindowClosed()
    {
        var seconds = Stopwatch.GetElapsedTime(_openedAt).TotalSeconds;
        LoadGenCores = (Process.GetCurrentProcess().TotalProcessorTime - _ownAtOpen).TotalSeconds / seconds;
        ServerCores = _server.CpuSeconds() - _serverAtOpen is { } used ? used / seconds : null;
    }
}
