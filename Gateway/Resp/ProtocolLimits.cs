namespace Disque.Gateway.Resp;

/// <summary>
/// What one client may send and leave unread before it is cut off. The defaults
/// are Redis': 512 MiB bulks, 1M arguments, 64 KiB inline lines, no idle timeout.
/// Bound from the configuration section <c>Disque:Limits</c>.
/// </summary>
public sealed class ProtocolLimits
{
    /// <summary>Digits of a length header: a longer line cannot be a number.</summary>
    public const int MaxNumberLength = 32;

    public long MaxBulkLength { get; set; } = 512L * 1024 * 1024;

    public long MaxArguments { get; set; } = 1024 * 1024;

    public long MaxInlineLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Replies a client may leave unread before the gateway stops answering it
    /// (the connection's output buffer); a client still not reading after
    /// <see cref="OutputTimeoutSeconds"/> is disconnected.
    /// </summary>
    public long MaxOutputBytes { get; set; } = 64L * 1024 * 1024;

    public double OutputTimeoutSeconds { get; set; } = 10;

    /// <summary>Disconnects a client that sends nothing for this long (0: never); a client blocked in GETJOB is not idle.</summary>
    public double IdleTimeoutSeconds { get; set; }

    /// <summary>
    /// With a password set, disconnects a client that has not authenticated after this long,
    /// whether it sends anything or not (0: never).
    /// </summary>
    public double UnauthenticatedTimeoutSeconds { get; set; } = 10;

    /// <summary>True for the limits of a client that has not authenticated yet: its errors say so, as Redis' do.</summary>
    public bool Unauthenticated { get; private init; }

    /// <summary>Redis' figures for a client that has not authenticated: at most 10 arguments, 16 KB a bulk.</summary>
    public const int UnauthenticatedMaxArguments = 10;

    public const int UnauthenticatedMaxBulkLength = 16 * 1024;

    /// <summary>
    /// What a client may send before AUTH when a password is set: a stranger gets no more
    /// than an AUTH needs, so it can make the gateway neither parse nor hold much.
    /// </summary>
    public ProtocolLimits BeforeAuth() => new()
    {
        MaxBulkLength = Math.Min(MaxBulkLength, UnauthenticatedMaxBulkLength),
        MaxArguments = Math.Min(MaxArguments, UnauthenticatedMaxArguments),
        MaxInlineLength = Math.Min(MaxInlineLength, UnauthenticatedMaxBulkLength),
        MaxOutputBytes = MaxOutputBytes,
        OutputTimeoutSeconds = OutputTimeoutSeconds,
        IdleTimeoutSeconds = IdleTimeoutSeconds,
        UnauthenticatedTimeoutSeconds = UnauthenticatedTimeoutSeconds,
        Unauthenticated = true,
    };
}
