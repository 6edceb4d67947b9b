using System.Collections.Concurrent;
using System.Diagnostics;

namespace Disque.Gateway.Sessions;

/// <summary>
/// The connections of this gateway, for CLIENT LIST and KILL, MONITOR's feed and
/// CLIENT PAUSE. Each client has Disque's id: a number that only grows.
/// </summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, Session> _clients = new();
    private readonly ConcurrentDictionary<long, Session> _monitors = new();
    private long _lastId;
    private long _pausedUntil;

    /// <summary>CONFIG's maxclients: a connection beyond it is told so and closed.</summary>
    public long MaxClients { get; set; } = 10_000;

    public long Register(Session session)
    {
        var id = Interlocked.Increment(ref _lastId);
        _clients[id] = session;
        return id;
    }

    public void Remove(Session session)
    {
        _clients.TryRemove(session.Id, out _);
        _monitors.TryRemove(session.Id, out _);
    }

    public int Count => _clients.Count;

    /// <summary>The clients in the order they connected.</summary>
    public IEnumerable<Session> All => _clients.Values.OrderBy(s => s.Id);

    public bool HasMonitors => !_monitors.IsEmpty;

    public void AddMonitor(Session session) => _monitors[session.Id] = session;

    /// <summary>MONITOR's line for a command, sent to every monitoring client.</summary>
    public void Feed(Session from, Resp.RespRequest request)
    {
        if (_monitors.IsEmpty)
            return;
        var line = MonitorLine.Of(from.Peer, request, from.Services.Settings.RequiresPassword);
        foreach (var monitor in _monitors.Values)
            monitor.PostMonitorLine(line);
    }

    /// <summary>CLIENT PAUSE: no client's command runs before <paramref name="untilMs"/> (a later pause wins).</summary>
    public void Pause(long untilMs)
    {
        long current;
        do
            current = Interlocked.Read(ref _pausedUntil);
        while (untilMs > current && Interlocked.CompareExchange(ref _pausedUntil, untilMs, current) != current);
    }

    /// <summary>Waits out a CLIENT PAUSE, if one is running.</summary>
    public ValueTask WhilePaused(CancellationToken cancel)
    {
        var wait = Interlocked.Read(ref _pausedUntil) - NowMs;
        return wait > 0 ? new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(wait), cancel)) : default;
    }

    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static long NowSeconds => Stopwatch.GetTimestamp() / Stopwatch.Frequency;
}
