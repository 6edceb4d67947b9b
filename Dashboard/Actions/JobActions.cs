using Disque.Client.Protocol;
using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;

namespace Disque.Dashboard.Actions;

/// <summary>ENQUEUE, DEQUEUE or DELJOB of one job.</summary>
internal sealed record JobCommand(string Command, string Id, string Queue) : DashboardAction
{
    public static readonly string[] Names = ["enqueue", "dequeue", "deljob"];

    public override string Title => Command switch
    {
        "enqueue" => $"Queue job {Id} again",
        "dequeue" => $"Take job {Id} out of its queue",
        _ => $"Delete job {Id}",
    };

    public override string Explanation => Command switch
    {
        "enqueue" => "The job goes back to its queue now, as if its RETRY had run out: the next consumer gets it (it counts as an additional delivery).",
        "dequeue" => "The job leaves its queue but is kept: no consumer gets it until it is queued again (by ENQUEUE, or by its RETRY).",
        _ => "The job and every copy of it are deleted: no consumer will ever get it. This cannot be undone.",
    };

    public override IReadOnlyList<string> Commands => [CommandText.Of([Command.ToUpperInvariant(), Id])];

    public override IReadOnlyDictionary<string, string> Fields => new Dictionary<string, string> { ["do"] = Command, ["id"] = Id, ["queue"] = Queue };

    public override string ReturnTo => Command == "deljob" ? (Queue.Length > 0 ? QueuePage(Queue) : "/") : JobPage(Id);

    public override async Task<string> Run(DisqueCalls disque, CancellationToken cancellation)
    {
        var changed = DisqueReplies.Integer(await disque.Run([Command.ToUpperInvariant(), Id], cancellation).ConfigureAwait(false));
        var what = Command switch
        {
            "enqueue" => changed == 1 ? "queued again" : "not queued: it was queued already, or is not known",
            "dequeue" => changed == 1 ? "taken out of its queue" : "not taken out: it was not queued",
            _ => changed == 1 ? "deleted" : "not deleted: it is not known",
        };
        return $"{Command.ToUpperInvariant()}: job {Id} {what}.";
    }
}
