namespace Disque.Gateway.Arguments;

/// <summary>
/// Reads <c>ADDJOB queue body ms-timeout [REPLICATE n] [DELAY s] [RETRY s] [TTL s] [MAXLEN n] [ASYNC]</c>
/// in Disque's order: options left to right (the first bad one wins, the last
/// repeat wins), then the timeout. Rules that need the cluster (the default
/// replication) are applied later by <see cref="JobRules.Resolve"/>.
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
        for (var i = FirstOption; i < args.Count; i++)
        {
            if (args.Is(i, "ASYNC"u8))
            {
                async = true;
                continue;
            }
            if (i + 1 == args.Count)
                return DisqueError.Syntax;
            var isNumber = args.TryGetLong(i + 1, out var n);
            var error =
                args.Is(i, "REPLICATE"u8) ? ReadReplicate(isNumber && n is > 0 and <= 65535, n, ref replicate) :
                args.Is(i, "TTL"u8) ? Read(isNumber && n > 0, n, ref ttl, DisqueError.BadTtl) :
                args.Is(i, "RETRY"u8) ? Read(isNumber && n >= 0, n, ref retry, DisqueError.BadRetry) :
                args.Is(i, "DELAY"u8) ? Read(isNumber && n >= 0, n, ref delay, DisqueError.BadDelay) :
                args.Is(i, "MAXLEN"u8) ? Read(isNumber && n > 0, n, ref maxLen, DisqueError.BadMaxLen) :
                DisqueError.Syntax;
            if (error is not null)
                return error;
            i++;
        }
        if (!args.TryGetLong(TimeoutArg, out var timeout))
            return DisqueError.BadTimeout;
        if (timeout < 0)
            return DisqueError.NegativeTimeout;
        return new JobSpec
        {
            Queue = args.QueueName(QueueArg),
            Body = args.GetBytes(BodyArg),
            TimeoutMs = timeout,
            Replicate = replicate,
            DelaySeconds = delay,
            RetrySeconds = retry,
            TtlSeconds = ttl,
            MaxLen = maxLen,
            Async = async,
        };
    }

    /// <summary>A 64-bit option, as Disque reads TTL, RETRY, DELAY and MAXLEN.</summary>
    private static DisqueError? Read(bool valid, long n, ref long field, DisqueError error)
    {
        if (!valid)
            return error;
        field = n;
        return null;
    }

    private static DisqueError? ReadReplicate(bool valid, long n, ref int field)
    {
        if (!valid)
            return DisqueError.BadReplicate;
        field = (int)n;
        return null;
    }
}
