namespace Disque.Gateway.Arguments;

/// <summary>
/// Reads <c>ADDJOB queue body ms-timeout [REPLICATE n] [DELAY s] [RETRY s] [TTL s] [MAXLEN n] [ASYNC]</c>
/// in Disque's order: options left to right (the first bad one wins, the last
/// repeat wins), then the timeout. Rules that need the cluster (the default
/// replication) are applied later by <see cref="JobRules.Resolve"/>.
/// Ours, beyond Disque's: <c>TRACEPARENT w3c-traceparent</c>, the producer's W3C trace
/// context, which makes the gateway's ADDJOB span its child; a value that is not a
/// traceparent is ignored (tracing never refuses a job). Without it nothing changes.
/// Ours too (issue 19): <c>PRIORITY n</c>, <c>MAXDELIVERIES n</c>, <c>DEADLETTER queue</c>,
/// <c>BACKOFF base cap</c> (<see cref="JobExtras"/>); a job without them is Disque's job.
/// Ours too (issue 21): <c>GROUP name</c> and <c>GROUPLIMIT n</c> (1 unless given; 0 is refused).
/// Ours too (issue 21): <c>UNIQUE key</c>, <c>UNIQUEFOR seconds</c>, <c>AFTER id[,id...]</c>,
/// <c>ONFAIL cancel|queue</c> (<see cref="ReadAfter"/>).
/// </summary>
public static class AddJobParser
{
    public const int QueueArg = 1, BodyArg = 2, TimeoutArg = 3, FirstOption = 4;

    public static Outcome<JobSpec> Parse(ICommandArgs args)
    {
        var replicate = 0;
        long delay = 0, retry = -1, ttl = JobSpec.DefaultTtlSeconds;
        long maxLen = 0;
        var async = false;
        int priority = 0, maxDeliveries = 0;
        string? deadLetter = null;
        Backoff? backoff = null;
        string? group = null;
        var groupLimit = 0;
        string? uniqueKey = null;
        long uniqueFor = 0;
        JobId[]? after = null;
        OnFail? onFail = null;
        for (var i = FirstOption; i < args.Count; i++)
        {
            if (args.Is(i, "ASYNC"u8))
            {
                async = true;
                continue;
            }
            if (i + 1 == args.Count)
                return DisqueError.Syntax;
            if (args.Is(i, TraceParentWord))
            {
                i++; // ours: read by the command's span (TraceParent), not by the job
                continue;
            }
            if (args.Is(i, "DEADLETTER"u8))
            {
                deadLetter = args.QueueName(++i);
                continue;
            }
            if (args.Is(i, "GROUP"u8))
            {
                if (args[++i].Length is 0 or > JobGroups.MaxNameLength)
                    return DisqueError.BadGroup;
                group = args.QueueName(i);
                continue;
            }
            if (args.Is(i, "BACKOFF"u8))
            {
                if (i + 2 == args.Count)
                    return DisqueError.Syntax;
                var given = new Backoff(args.TryGetLong(i + 1, out var b) ? b : 0, args.TryGetLong(i + 2, out var c) ? c : 0);
                if (!given.IsValid)
                    return DisqueError.BadBackoff;
                backoff = given;
                i += 2;
                continue;
            }
            if (args.Is(i, "UNIQUE"u8))
            {
                if (args[++i].Length is 0 or > JobEnds.MaxUniqueKeyBytes)
                    return DisqueError.BadUniqueKey;
                uniqueKey = args.GetString(i);
                continue;
            }
            if (args.Is(i, "AFTER"u8))
            {
                var read = ReadAfter(args[++i]);
                if (read.Error is { } afterError)
                    return afterError;
                after = read.Value;
                continue;
            }
            if (args.Is(i, "ONFAIL"u8))
            {
                onFail = args.Is(++i, "CANCEL"u8) ? OnFail.Cancel : args.Is(i, "QUEUE"u8) ? OnFail.Queue : null;
                if (onFail is null)
                    return DisqueError.BadOnFail;
                continue;
            }
            var isNumber = args.TryGetLong(i + 1, out var n);
            var error =
                args.Is(i, "REPLICATE"u8) ? ReadReplicate(isNumber && n is > 0 and <= 65535, n, ref replicate) :
                args.Is(i, "TTL"u8) ? Read(isNumber && n > 0, n, ref ttl, DisqueError.BadTtl) :
                args.Is(i, "RETRY"u8) ? Read(isNumber && n >= 0, n, ref retry, DisqueError.BadRetry) :
                args.Is(i, "DELAY"u8) ? Read(isNumber && n >= 0, n, ref delay, DisqueError.BadDelay) :
                args.Is(i, "MAXLEN"u8) ? Read(isNumber && n > 0, n, ref maxLen, DisqueError.BadMaxLen) :
                args.Is(i, "PRIORITY"u8) ? ReadInt(isNumber && n is >= 0 and <= DeadLetters.MaxPriority, n, ref priority, DisqueError.BadPriority) :
                args.Is(i, "MAXDELIVERIES"u8) ? ReadInt(isNumber && n is >= 1 and <= DeadLetters.MaxMaxDeliveries, n, ref maxDeliveries, DisqueError.BadMaxDeliveries) :
                args.Is(i, "GROUPLIMIT"u8) ? ReadInt(isNumber && n is >= 1 and <= JobGroups.MaxLimit, n, ref groupLimit, DisqueError.BadGroupLimit) :
                args.Is(i, "UNIQUEFOR"u8) ? Read(isNumber && n is >= 0 and <= JobEnds.MaxUniqueForSeconds, n, ref uniqueFor, DisqueError.BadUniqueFor) :
                DisqueError.Syntax;
            if (error is not null)
                return error;
            i++;
        }
        if (!args.TryGetLong(TimeoutArg, out var timeout))
            return DisqueError.BadTimeout;
        if (timeout < 0)
            return DisqueError.NegativeTimeout;
        var queue = args.QueueName(QueueArg);
        if (deadLetter == queue)
            return DisqueError.DeadLetterIsQueue;
        if (groupLimit > 0 && group is null)
            return DisqueError.GroupLimitWithoutGroup;
        if (group is not null && retry == 0)
            return DisqueError.GroupAtMostOnce;
        if (uniqueFor > 0 && uniqueKey is null)
            return DisqueError.BadUniqueFor;
        if (onFail is not null && after is null)
            return DisqueError.BadOnFail;
        return new JobSpec
        {
            Queue = queue,
            Body = args.GetBytes(BodyArg),
            TimeoutMs = timeout,
            Replicate = replicate,
            DelaySeconds = delay,
            RetrySeconds = retry,
            TtlSeconds = ttl,
            MaxLen = maxLen,
            Async = async,
            Priority = priority,
            MaxDeliveries = maxDeliveries,
            DeadLetter = deadLetter,
            Backoff = backoff,
            Group = group,
            GroupLimit = groupLimit,
            UniqueKey = uniqueKey,
            UniqueForSeconds = uniqueFor,
            After = after,
            OnFail = onFail ?? OnFail.Cancel,
        };
    }

    /// <summary>
    /// AFTER's value: 1 to <see cref="JobEnds.MaxAfter"/> job ids separated by commas (one argument, as
    /// every ADDJOB option takes one). A malformed id is BADID; an id no silo of ours could have made
    /// names no job (<see cref="DisqueError.UnknownDependency"/>).
    /// </summary>
    public static Outcome<JobId[]> ReadAfter(ReadOnlySpan<byte> value)
    {
        var ids = new List<JobId>();
        foreach (var range in value.Split((byte)','))
        {
            if (ids.Count == JobEnds.MaxAfter || range.End.Value == range.Start.Value)
                return DisqueError.BadAfter;
            if (AddDependency(value[range], ids) is { } error)
                return error;
        }
        return ids.Count == 0 ? DisqueError.BadAfter : ids.ToArray();
    }

    /// <summary>One job a job waits for (AFTER, BATCH): BADID when malformed; an id no silo of ours made names no job.</summary>
    internal static DisqueError? AddDependency(ReadOnlySpan<byte> text, List<JobId> ids)
    {
        switch (JobId.TryParse(text, out var id))
        {
            case JobIdForm.Malformed:
                return DisqueError.BadId;
            case JobIdForm.Foreign:
                return DisqueError.UnknownDependency;
            default:
                ids.Add(id);
                return null;
        }
    }

    private static ReadOnlySpan<byte> TraceParentWord => "TRACEPARENT"u8;

    /// <summary>The producer's context the TRACEPARENT option carries; default when there is none (or it is not one).</summary>
    public static System.Diagnostics.ActivityContext TraceParent(ICommandArgs args)
    {
        var value = OptionValue(args, TraceParentWord);
        return value is not null && System.Diagnostics.ActivityContext.TryParse(value, null, isRemote: true, out var context) ? context : default;
    }

    /// <summary>The REPLICATE option as given (the last one), for the command's span; null when absent or not a number.</summary>
    public static long? Replicate(ICommandArgs args) =>
        OptionValue(args, "REPLICATE"u8) is { } text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The value after the last <paramref name="word"/> among the options.</summary>
    private static string? OptionValue(ICommandArgs args, ReadOnlySpan<byte> word)
    {
        string? value = null;
        for (var i = FirstOption; i < args.Count - 1; i++)
        {
            if (args.Is(i, "ASYNC"u8))
                continue;
            if (args.Is(i, word))
                value = args.GetString(i + 1);
            i += args.Is(i, "BACKOFF"u8) ? 2 : 1;
        }
        return value;
    }

    /// <summary>A 64-bit option, as Disque reads TTL, RETRY, DELAY and MAXLEN.</summary>
    private static DisqueError? Read(bool valid, long n, ref long field, DisqueError error)
    {
        if (!valid)
            return error;
        field = n;
        return null;
    }

    private static DisqueError? ReadReplicate(bool valid, long n, ref int field) => ReadInt(valid, n, ref field, DisqueError.BadReplicate);

    private static DisqueError? ReadInt(bool valid, long n, ref int field, DisqueError error)
    {
        if (!valid)
            return error;
        field = (int)n;
        return null;
    }
}
