using System.Text;

namespace Disque.Client;

/// <summary>NACKJOB's and FAILJOB's arguments, checked the same way by every <see cref="IDisqueClient"/> before anything is sent.</summary>
internal static class VerdictArguments
{
    /// <summary>The longest REASON the server keeps, in UTF-8 bytes.</summary>
    public const int MaxReasonBytes = 1024;

    public static void Validate(TimeSpan? delay, string? reason)
    {
        if (delay is { } d && d < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), d, "DELAY must not be negative.");
        if (reason is not null && Encoding.UTF8.GetByteCount(reason) > MaxReasonBytes)
            throw new ArgumentOutOfRangeException(nameof(reason), "REASON must be at most 1024 bytes (UTF-8).");
    }
}
