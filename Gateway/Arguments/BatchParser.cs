namespace Disque.Gateway.Arguments;

/// <summary>
/// Ours (issue 21): reads <c>BATCH name id [id ...] THEN queue body ms-timeout [ADDJOB options]</c>: the
/// follow-up job of a batch, an ADDJOB whose AFTER is the batch's jobs and which carries the batch's
/// name (SHOW's <c>batch</c>). What follows THEN is read exactly as ADDJOB reads its arguments; AFTER
/// there adds to the batch's jobs.
/// </summary>
public static class BatchParser
{
    public static Outcome<JobSpec> Parse(ICommandArgs args)
    {
        var then = 2;
        while (then < args.Count && !args.Is(then, "THEN"u8))
            then++;
        if (then == args.Count || args.Count - then < 4)
            return DisqueError.BatchSyntax;
        if (then == 2)
            return DisqueError.EmptyBatch;
        var ids = new List<JobId>(then - 2);
        for (var i = 2; i < then; i++)
            if (AddJobParser.AddDependency(args[i], ids) is { } badId)
                return badId;
        if (ids.Count > JobEnds.MaxAfter)
            return DisqueError.BadAfter;
        var followUp = AddJobParser.Parse(new After(args, then));
        if (followUp.Error is { } error)
            return error;
        var spec = followUp.Value!;
        return spec with { After = [.. ids, .. spec.After ?? []], Batch = args.GetString(1) };
    }

    /// <summary>The arguments from THEN on, THEN read as the command's name.</summary>
    private sealed class After(ICommandArgs args, int offset) : ICommandArgs
    {
        public int Count => args.Count - offset;

        public ReadOnlySpan<byte> this[int index] => args[index + offset];
    }
}
