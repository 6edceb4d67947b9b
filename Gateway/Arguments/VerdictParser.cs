namespace Disque.Gateway.Arguments;

/// <summary>
/// Ours, beyond Disque: reads <c>NACKJOB id... [DELAY seconds] [REASON text]</c> and
/// <c>FAILJOB id... [REASON text]</c>. Ids come first, as in NACK; the first option word
/// ends them (no job id is spelled like one). Every id is checked before any is acted on.
/// </summary>
public static class VerdictParser
{
    public static Outcome<(JobId[] Ids, JobVerdict Verdict)> Parse(ICommandArgs args, bool forGood)
    {
        var firstOption = 1;
        while (firstOption < args.Count && !IsOption(args, firstOption, forGood))
            firstOption++;
        var ids = JobIdArgs.Parse(new Prefix(args, firstOption), 1);
        if (ids.Error is { } badId)
            return badId;
        long delay = 0;
        string? reason = null;
        for (var i = firstOption; i < args.Count; i += 2)
        {
            if (i + 1 == args.Count || !IsOption(args, i, forGood))
                return DisqueError.Syntax;
            if (args.Is(i, "REASON"u8))
            {
                if (args[i + 1].Length > DeadLetters.MaxReasonLength)
                    return DisqueError.BadReason;
                reason = args.GetString(i + 1);
            }
            else if (!args.TryGetLong(i + 1, out delay) || delay < 0)
                return DisqueError.BadDelay;
        }
        return (ids.Value!, new JobVerdict { ForGood = forGood, DelaySeconds = delay, Reason = reason });
    }

    private static bool IsOption(ICommandArgs args, int i, bool forGood) => args.Is(i, "REASON"u8) || (!forGood && args.Is(i, "DELAY"u8));

    /// <summary>The first <paramref name="count"/> arguments: the command and its ids.</summary>
    private sealed class Prefix(ICommandArgs args, int count) : ICommandArgs
    {
        public int Count => count;

        public ReadOnlySpan<byte> this[int index] => args[index];
    }
}
