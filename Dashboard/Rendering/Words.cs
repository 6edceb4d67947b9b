using System.Globalization;

namespace Disque.Dashboard.Rendering;

/// <summary>Numbers, sizes and times as a person reads them: "in 4 min", "12.5 MB", "3.2/s".</summary>
internal static class Words
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"2026-11-28 09:15:03 UTC"</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);

    /// <summary>"in 4 min", "3 min ago", "now".</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        if (Math.Abs(span.TotalSeconds) < 1)
            return "now";
        var length = Duration(span.Duration());
        return span > TimeSpan.Zero ? "in " + length : length + " ago";
    }

    /// <summary>"45 s", "4 min", "2 h 5 min", "3 days".</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => string.Create(Invariant, $"{(long)span.TotalSeconds} s"),
        < 3600 => string.Create(Invariant, $"{(long)span.TotalMinutes} min"),
        < 172_800 => span.Minutes == 0 ? string.Create(Invariant, $"{(long)span.TotalHours} h") : string.Create(Invariant, $"{(long)span.TotalHours} h {span.Minutes} min"),
        _ => string.Create(Invariant, $"{(long)span.TotalDays} days"),
    };

    /// <summary>"512 B", "1.5 KB", "12.3 MB", "2.0 GB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(Invariant, $"{bytes} B"),
        < 1024 * 1024 => string.Create(Invariant, $"{bytes / 1024.0:0.0} KB"),
        < 1024L * 1024 * 1024 => string.Create(Invariant, $"{bytes / (1024.0 * 1024):0.0} MB"),
        _ => string.Create(Invariant, $"{bytes / (1024.0 * 1024 * 1024):0.0} GB"),
    };

    /// <summary>"3.2/s", "120/s", "—" when unknown.</summary>
    public static string Rate(double? perSecond) => perSecond switch
    {
        null => "—",
        < 10 => string.Create(Invariant, $"{perSecond:0.#}/s"),
        _ => string.Create(Invariant, $"{perSecond:0}/s"),
    };

    public static string Number(long n) => n.ToString("N0", Invariant);

    /// <summary>"1 job", "3 jobs".</summary>
    public static string Count(long n, string one, string many) => string.Create(Invariant, $"{Number(n)} {(n == 1 ? one : many)}");

    /// <summary>A node id as short as Disque's job ids carry it: its first 8 hex digits.</summary>
    public static string ShortId(string nodeId) => nodeId.Length > 8 ? nodeId[..8] : nodeId;
}
