using Cronos;

namespace Disque.Domain;

/// <summary>
/// A schedule's cron expression read in its time zone (Cronos): 5 fields (minute first), 6
/// with seconds first, or a macro such as <c>@hourly</c>. Occurrences follow the zone's
/// clock across DST: a time skipped when clocks go forward fires once, just after the gap;
/// a time repeated when they go back fires once (at its first instance), except for
/// expressions that run every hour or more often, which fire in both (Cronos' rules).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone) => (_expression, _zone) = (expression, zone);

    /// <summary>True when the expression names seconds, so occurrences may be a second apart.</summary>
    public bool HasSeconds { get; private init; }

    public static Outcome<CronSchedule> Parse(string expression, string timeZone)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        if (fields is not (5 or 6) && !expression.TrimStart().StartsWith('@'))
            return DisqueError.BadCron(expression, $"{fields} fields, expected 5 (minute hour day month weekday) or 6 (second first)");
        if (Zone(timeZone) is not { } zone)
            return DisqueError.UnknownTimeZone(timeZone);
        try
        {
            var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return new CronSchedule(CronExpression.Parse(expression, format), zone) { HasSeconds = fields == 6 };
        }
        catch (CronFormatException error)
        {
            return DisqueError.BadCron(expression, error.Message);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>; null when there is none (such as 30 February).</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, _zone);

    /// <summary>Up to <paramref name="count"/> occurrences strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset[] Next(DateTimeOffset after, int count)
    {
        var found = new List<DateTimeOffset>(count);
        for (var at = Next(after); at is { } o && found.Count < count; at = Next(o))
            found.Add(o);
        return [.. found];
    }

    /// <summary>The occurrences in (<paramref name="after"/>, <paramref name="until"/>], oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until) =>
        until <= after ? [] : _expression.GetOccurrences(after, until, _zone, fromInclusive: false, toInclusive: true);

    private static TimeZoneInfo? Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }
}
