namespace Disque.Gateway.Arguments;

/// <summary>The options of QSCAN and JSCAN.</summary>
public sealed record ScanOptions
{
    public ulong Cursor { get; init; }
    public int Count { get; init; } = 100;
    public bool BusyLoop { get; init; }
    public long MinLen { get; init; } = long.MinValue;
    public long MaxLen { get; init; } = long.MaxValue;
    public long ImportRate { get; init; } = -1;
    public string? Queue { get; init; }
    public JobState[] States { get; init; } = [];
    public bool ReplyAll { get; init; }
}

/// <summary>
/// Reads <c>QSCAN [cursor] [COUNT n] [BUSYLOOP] [MINLEN n] [MAXLEN n] [IMPORTRATE r]</c> and
/// <c>JSCAN [cursor] [COUNT n] [BUSYLOOP] [QUEUE q] [STATE s]... [REPLY all|id]</c> as Disque
/// does: a word that is no option (or an option with nothing after it) is the cursor.
/// </summary>
public static class ScanParser
{
    public static Outcome<ScanOptions> ParseQueueScan(ICommandArgs args) => Parse(args, jobs: false);

    public static Outcome<ScanOptions> ParseJobScan(ICommandArgs args) => Parse(args, jobs: true);

    private static Outcome<ScanOptions> Parse(ICommandArgs args, bool jobs)
    {
        var options = new ScanOptions();
        var states = new List<JobState>();
        var cursorSeen = false;
        for (var i = 1; i < args.Count; i++)
        {
            var hasValue = i + 1 < args.Count;
            if (args.Is(i, "BUSYLOOP"u8))
            {
                options = options with { BusyLoop = true };
                continue;
            }
            if (hasValue && TryNumberOption(args, i, jobs, ref options, out var numberError))
            {
                if (numberError is not null)
                    return numberError;
                i++;
                continue;
            }
            if (jobs && hasValue && args.Is(i, "QUEUE"u8))
            {
                options = options with { Queue = args.QueueName(++i) };
                continue;
            }
            if (jobs && hasValue && args.Is(i, "STATE"u8))
            {
                if (!JobStateNames.TryParse(args.GetString(++i), out var state))
                    return DisqueError.BadStateName;
                states.Add(state);
                continue;
            }
            if (jobs && hasValue && args.Is(i, "REPLY"u8))
            {
                i++;
                if (args.Is(i, "ALL"u8))
                    options = options with { ReplyAll = true };
                else if (args.Is(i, "ID"u8))
                    options = options with { ReplyAll = false };
                else
                    return DisqueError.BadReplyType;
                continue;
            }
            if (cursorSeen)
                return DisqueError.Syntax;
            if (!Integers.TryParseCursor(args[i], out var cursor))
                return DisqueError.BadCursor;
            options = options with { Cursor = cursor };
            cursorSeen = true;
        }
        return options with { States = [.. states] };
    }

    private static bool TryNumberOption(ICommandArgs args, int i, bool jobs, ref ScanOptions options, out DisqueError? error)
    {
        error = null;
        var isCount = args.Is(i, "COUNT"u8);
        var isQueueFilter = !jobs && (args.Is(i, "MINLEN"u8) || args.Is(i, "MAXLEN"u8) || args.Is(i, "IMPORTRATE"u8));
        if (!isCount && !isQueueFilter)
            return false;
        if (!args.TryGetLong(i + 1, out var n))
        {
            error = DisqueError.NotInteger;
            return true;
        }
        // Disque's -1 is "no filter"; COUNT 0 scans a little, a negative COUNT everything.
        options = isCount ? options with { Count = n < 0 ? int.MaxValue : (int)Math.Min(Math.Max(n, 1), int.MaxValue) }
            : args.Is(i, "MINLEN"u8) ? options with { MinLen = n == -1 ? long.MinValue : n }
            : args.Is(i, "MAXLEN"u8) ? options with { MaxLen = n == -1 ? long.MaxValue : n }
            : options with { ImportRate = n };
        return true;
    }

}
