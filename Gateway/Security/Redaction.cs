using Disque.Gateway.Arguments;

namespace Disque.Gateway.Security;

/// <summary>
/// What MONITOR and SLOWLOG must not show: AUTH's password. As Redis 7 does, the command
/// keeps its name and each argument after it reads <c>(redacted)</c>, whenever the server has
/// a password. With none there is no secret to keep, and Disque's lines stay as Disque writes
/// them (<c>"AUTH" "x"</c>, a golden case).
/// </summary>
internal static class Redaction
{
    public static ReadOnlySpan<byte> Word => "(redacted)"u8;

    /// <summary>The argument at <paramref name="index"/> as it may be shown; <paramref name="redact"/>: a password is set.</summary>
    public static ReadOnlySpan<byte> Shown(ICommandArgs args, int index, bool redact) =>
        redact && index > 0 && System.Text.Ascii.EqualsIgnoreCase(args[0], "AUTH"u8) ? Word : args[index];
}
