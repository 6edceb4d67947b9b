namespace Disque.Gateway.Arguments;

/// <summary>Reads the job ids of ACKJOB, NACK, DELJOB and friends: all are checked before any is acted on.</summary>
public static class JobIdArgs
{
    /// <summary>The well-formed ids from <paramref name="first"/> on, without those no silo of ours could have made; BADID if one is malformed.</summary>
    public static Outcome<JobId[]> Parse(ICommandArgs args, int first)
    {
        var ids = new List<JobId>(args.Count - first);
        for (var i = first; i < args.Count; i++)
        {
            switch (JobId.TryParse(args[i], out var id))
            {
                case JobIdForm.Malformed:
                    return DisqueError.BadId;
                case JobIdForm.Valid:
                    ids.Add(id);
                    break;
            }
        }
        return ids.ToArray();
    }

    /// <summary>One id: BADID if malformed; a foreign id reads as the empty id, which no store knows.</summary>
    public static Outcome<JobId> ParseOne(ICommandArgs args, int index) =>
        JobId.TryParse(args[index], out var id) == JobIdForm.Malformed ? DisqueError.BadId : id;
}
