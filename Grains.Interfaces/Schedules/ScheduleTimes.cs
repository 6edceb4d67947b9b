using System.Globalization;

namespace Disque;

/// <summary>How schedules write a time: WITHTIME's stamp on a job's body and SCHEDULE SHOW's times, ISO 8601 in UTC to the second.</summary>
public static class ScheduleTimes
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
