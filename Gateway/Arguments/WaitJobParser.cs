namespace Disque.Gateway.Arguments;

/// <summary>
/// Ours (issue 21): reads <c>WAITJOB id [id ...] [TIMEOUT ms]</c>. Every id is checked before any
/// is waited for (BADID); an id no silo of ours could have made is kept as the empty id, which no
/// store knows (answered <c>unknown</c>). TIMEOUT 0, or none, waits without limit, as GETJOB's.
/// </summary>
public static class WaitJobParser
{
    public static Outcome<(JobId[] Ids, long TimeoutMs)> Parse(ICommandArgs args)
    {
        var last = args.Count;
        long timeout = 0;
        if (args.Count >= 3 && args.Is(args.Count - 2, "TIMEOUT"u8))
        {
            if (!args.TryGetLong(args.Count - 1, out timeout))
                return DisqueError.BadTimeout;
            if (timeout < 0)
                return DisqueError.NegativeTimeout;
            last = args.Count - 2;
        }
        if (last < 2)
            return DisqueError.Syntax;
        var ids = new JobId[last - 1];
        for (var i = 1; i < last; i++)
        {
            if (JobId.TryParse(args[i], out var id) == JobIdForm.Malformed)
                return DisqueError.BadId;
            ids[i - 1] = id;
        }
        return (ids, timeout);
    }
}
