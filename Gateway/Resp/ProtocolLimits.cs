namespace Disque.Gateway.Resp;

/// <summary>
/// What one client may send and leave unread before it is cut off. The defaults
/// are Redis': 512 MiB bulks, 1M arguments, 64 KiB inline lines.
/// Bound from the configuration section <c>Disque:Limits</c>.
/// </summary>
public sealed class ProtocolLimits
{
    /// <summary>Digits of a length header: a longer line cannot be a number.</summary>
    public const int MaxNumberLength = 32;

    public long MaxBulkLength { get; set; } = 512L * 1024 * 1024;

    public long MaxArguments { get; set; } = 1024 * 1024;

    public long MaxInlineLength { get; set; } = 64 * 1024;
}
