namespace Disque.Gateway.Arguments;

/// <summary>
/// Reads <c>SCHEDULE SET name cron-expr queue body [TZ zone] [MISSED skip|catchup] [NOOVERLAP]
/// [WITHTIME] [ADDJOB's options...]</c>. The schedule's own options come first; what follows
/// them is read by <see cref="AddJobParser"/> as ADDJOB's options, so every ADDJOB option
/// means the same here, and its errors read the same. The cron expression and the time zone
/// are checked by the schedule itself (<see cref="Disque.Domain.CronSchedule"/>), for Orleans
/// callers too.
/// </summary>
public static class ScheduleParser
{
    public const int NameArg = 2, CronArg = 3, QueueArg = 4, BodyArg = 5, FirstOption = 6;

    /// <summary>The ms-timeout of the ADDJOB each firing makes: how long it waits for the job's copies.</summary>
    public const long AddJobTimeoutMs = 10_000;

    public static Outcome<ScheduleSpec> ParseSet(ICommandArgs args)
    {
        if (args.Count < FirstOption)
            return DisqueError.ScheduleWrongArity("set");
        var (zone, missed, noOverlap, withTime) = ("UTC", MissedPolicy.Skip, false, false);
        var i = FirstOption;
        for (; i < args.Count; i++)
        {
            if (args.Is(i, "NOOVERLAP"u8))
                noOverlap = true;
            else if (args.Is(i, "WITHTIME"u8))
                withTime = true;
            else if (!args.Is(i, "TZ"u8) && !args.Is(i, "MISSED"u8))
                break;
            else if (i + 1 == args.Count)
                return DisqueError.Syntax;
            else if (args.Is(i++, "TZ"u8))
                zone = args.GetString(i);
            else if (ReadMissed(args, i) is { } policy)
                missed = policy;
            else
                return DisqueError.BadMissedPolicy;
        }
        var job = AddJobParser.Parse(new AddJobArgs(args, i));
        if (job.Error is { } error)
            return error;
        return new ScheduleSpec
        {
            Name = args.GetString(NameArg),
            Cron = args.GetString(CronArg),
            TimeZone = zone,
            Template = job.Value!,
            Missed = missed,
            NoOverlap = noOverlap,
            WithTime = withTime,
        };
    }

    private static MissedPolicy? ReadMissed(ICommandArgs args, int i) =>
        args.Is(i, "SKIP"u8) ? MissedPolicy.Skip : args.Is(i, "CATCHUP"u8) ? MissedPolicy.CatchUp : null;

    /// <summary>SCHEDULE SET's arguments as ADDJOB's: <c>ADDJOB queue body timeout</c>, then the options from <paramref name="from"/> on.</summary>
    private sealed class AddJobArgs(ICommandArgs args, int from) : ICommandArgs
    {
        private static readonly byte[] Name = "ADDJOB"u8.ToArray();
        private static readonly byte[] Timeout = System.Text.Encoding.ASCII.GetBytes(AddJobTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public int Count => AddJobParser.FirstOption + args.Count - from;

        public ReadOnlySpan<byte> this[int index] => index switch
        {
            0 => Name,
            AddJobParser.QueueArg => args[QueueArg],
            AddJobParser.BodyArg => args[BodyArg],
            AddJobParser.TimeoutArg => Timeout,
            _ => args[from + index - AddJobParser.FirstOption],
        };
    }
}
