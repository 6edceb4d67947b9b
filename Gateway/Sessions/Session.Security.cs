using System.IO.Pipelines;

namespace Disque.Gateway.Sessions;

/// <summary>
/// What a connection owes to strangers (issue 23): with a password set, a client that has not
/// given it is held to the limits before AUTH and has a while to give it; an AUTH that waits its
/// turn holds back what follows it; who the client is (its address, on this host or not) for
/// protected mode and the AUTH throttle.
/// </summary>
public sealed partial class Session
{
    /// <summary>An AUTH waits its turn (wrong passwords came from this address): nothing after it is read before its answer.</summary>
    internal bool AuthInFlight { get; set; }

    /// <summary>Requests read so far: an HTTP request line is looked for in the first.</summary>
    private long _requests;

    /// <summary>A password is set and this client has not given it: the limits before AUTH hold.</summary>
    private bool MustAuthenticate => services.Settings.RequiresPassword && !Authenticated;

    /// <summary>A read that gives up after <paramref name="timeout"/>: null then (the client was idle, or did not authenticate in time).</summary>
    private async ValueTask<ReadResult?> ReadWithin(PipeReader input, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout, services.Time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(closed, timer.Token);
        try
        {
            return await input.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !closed.IsCancellationRequested)
        {
            if (MustAuthenticate)
                services.Security.UnauthenticatedTimedOut(Peer);
            return null;
        }
    }

    /// <summary>When this client was first seen having to authenticate (0: it need not); the time it has to do so runs from then.</summary>
    private long _mustAuthenticateSince;

    /// <summary>
    /// How long the next read may wait: the idle timeout, and before AUTH, what is left of the
    /// time a client has to authenticate (from its connection, or from when a password was set
    /// or its AUTH failed); null: no limit.
    /// </summary>
    private TimeSpan? ReadTimeout()
    {
        // As in Redis, a monitor is not idle: it listens (its output has limits of its own).
        var idle = services.Limits.IdleTimeoutSeconds > 0 && !IsMonitor ? TimeSpan.FromSeconds(services.Limits.IdleTimeoutSeconds) : (TimeSpan?)null;
        if (!MustAuthenticate || services.Limits.UnauthenticatedTimeoutSeconds <= 0)
        {
            _mustAuthenticateSince = 0;
            return idle;
        }
        if (_mustAuthenticateSince == 0)
            _mustAuthenticateSince = services.Time.GetTimestamp();
        var left = TimeSpan.FromSeconds(services.Limits.UnauthenticatedTimeoutSeconds) - services.Time.GetElapsedTime(_mustAuthenticateSince);
        left = left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1);
        return idle is { } i && i < left ? i : left;
    }

    /// <summary>The client's address; null when the transport has none (an in-process session).</summary>
    public System.Net.IPAddress? RemoteAddress { get; init; }

    /// <summary>The address the client reached this gateway at.</summary>
    public System.Net.IPAddress? LocalAddress { get; init; }

    /// <summary>A client on loopback, or on this host through one of its own addresses (the dashboard's connection).</summary>
    private bool FromThisHost => RemoteAddress is not { } remote
        || System.Net.IPAddress.IsLoopback(remote) || remote.Equals(LocalAddress);
}
