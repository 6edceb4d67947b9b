using System.Diagnostics.Metrics;

namespace Disque.Gateway.Security;

/// <summary>
/// What a stranger tried: wrong passwords and the slowing that follows them, connections
/// refused (protected mode, an HTTP request on the RESP port, no AUTH in time, a request too
/// large before AUTH). Each is logged at Warning and counted on the meter
/// <see cref="MeterName"/>, exported at /metrics as <c>disque_auth_failures_total</c>,
/// <c>disque_auth_throttled_total</c> (by <c>source</c>: resp or dashboard) and
/// <c>disque_connections_refused_total</c> (by <c>reason</c>).
/// </summary>
public sealed class SecurityEvents : IDisposable
{
    public const string MeterName = "Disque.Security";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _refused;
    private readonly ILogger _log;

    public SecurityEvents(ILogger<SecurityEvents> log)
    {
        _log = log;
        _authFailures = _meter.CreateCounter<long>("disque.auth.failures", null, "Wrong passwords given, by source (resp, dashboard).");
        _throttled = _meter.CreateCounter<long>("disque.auth.throttled", null, "Password attempts made to wait their turn, by source.");
        _refused = _meter.CreateCounter<long>("disque.connections.refused", null, "Connections closed for security, by reason.");
    }

    public void AuthFailed(string source, string peer, int failures)
    {
        _authFailures.Add(1, new KeyValuePair<string, object?>("source", source));
        if (AuthThrottle.Slows(failures))
            _log.LogWarning("Wrong password from {Peer} ({Source}), {Failures} in a row: its attempts now wait {Delay} ms each", peer, source, failures, AuthThrottle.DelayAfter(failures).TotalMilliseconds);
        else
            _log.LogInformation("Wrong password from {Peer} ({Source})", peer, source);
    }

    public void AuthThrottled(string source) => _throttled.Add(1, new KeyValuePair<string, object?>("source", source));

    public void CrossProtocolAttack(string peer)
    {
        Refused("cross-protocol");
        _log.LogWarning("Possible SECURITY ATTACK detected from {Peer}. It looks like somebody is sending POST, Host: or another HTTP request to Disque's RESP port. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Disque instance. Connection aborted.", peer);
    }

    public void ProtectedModeRefused(string peer)
    {
        Refused("protected-mode");
        _log.LogWarning("Protected mode refused a connection from {Peer}: no password is set and RESP is bound beyond loopback", peer);
    }

    public void UnauthenticatedTimedOut(string peer)
    {
        Refused("unauthenticated-timeout");
        _log.LogWarning("Client {Peer} did not authenticate in time: disconnected", peer);
    }

    public void UnauthenticatedTooLarge(string peer)
    {
        Refused("unauthenticated-limit");
        _log.LogWarning("Client {Peer} sent a request larger than allowed before AUTH: disconnected", peer);
    }

    private void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
