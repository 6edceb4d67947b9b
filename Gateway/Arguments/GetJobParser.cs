namespace Disque.Gateway.Arguments;

/// <summary>
/// Reads <c>GETJOB [NOHANG] [TIMEOUT ms] [COUNT n] [WITHCOUNTERS] FROM q1 q2 ...</c>.
/// Everything after FROM is a queue name, even a word like NOHANG.
/// </summary>
public static class GetJobParser
{
    /// <summary>True when NOHANG comes before FROM: such a GETJOB never waits.</summary>
    public static bool IsNoHang(ICommandArgs args)
    {
        for (var i = 1; i < args.Count && !args.Is(i, "FROM"u8); i++)
            if (args.Is(i, "NOHANG"u8))
                return true;
        return false;
    }

    public static Outcome<GetJobSpec> Parse(ICommandArgs args)
    {
        var noHang = false;
        var withCounters = false;
        long timeout = 0, count = 1;
        for (var i = 1; i < args.Count; i++)
        {
            var last = i + 1 == args.Count;
            if (args.Is(i, "NOHANG"u8))
                noHang = true;
            else if (args.Is(i, "WITHCOUNTERS"u8))
                withCounters = true;
            else if (args.Is(i, "TIMEOUT"u8) && !last)
            {
                if (!args.TryGetLong(++i, out timeout))
                    return DisqueError.BadTimeout;
                if (timeout < 0)
                    return DisqueError.NegativeTimeout;
            }
            else if (args.Is(i, "COUNT"u8) && !last)
            {
                if (!args.TryGetLong(++i, out count) || count <= 0)
                    return DisqueError.BadCount;
            }
            else if (args.Is(i, "FROM"u8) && !last)
            {
                var queues = new string[args.Count - i - 1];
                for (var q = 0; q < queues.Length; q++)
                    queues[q] = args.QueueName(i + 1 + q);
                return new GetJobSpec
                {
                    Queues = queues,
                    NoHang = noHang,
                    TimeoutMs = timeout,
                    Count = (int)Math.Min(count, int.MaxValue),
                    WithCounters = withCounters,
                };
            }
            else
                return DisqueError.Syntax;
        }
        return DisqueError.Syntax;
    }
}
