using Disque.Client.Protocol;
using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;

namespace Disque.Dashboard.Actions;

/// <summary>
/// Disque.Orleans' dead letters, from a dead-letter queue's page: REVIVE one job, REVIVE QUEUE
/// (every one), or DELJOB one. Each goes back to that page.
/// </summary>
internal sealed record DeadLetterCommand(string Command, string DeadLetterQueue, string Id) : DashboardAction
{
    public const string Revive = "revive", ReviveAll = "revive-all", Delete = "deljob-dead";

    public static readonly string[] Names = [Revive, ReviveAll, Delete];

    public override string Title => Command switch
    {
        Revive => $"Revive job {Id}",
        ReviveAll => $"Revive every dead letter of {DeadLetterQueue}",
        _ => $"Delete dead letter {Id}",
    };

    public override string Explanation => Command switch
    {
        Revive => "The job goes back to the queue it failed in, with its history reset (NACKs, deliveries, failures): the next consumer gets it.",
        ReviveAll => $"Every dead letter in {DeadLetterQueue} goes back to the queue it failed in, with its history reset. Jobs there that are not dead letters stay.",
        _ => "The job and every copy of it are deleted: no consumer will ever get it. This cannot be undone.",
    };

    private string[] Arguments => Command switch
    {
        Revive => ["REVIVE", Id],
        ReviveAll => ["REVIVE", "QUEUE", DeadLetterQueue],
        _ => ["DELJOB", Id],
    };

    public override IReadOnlyList<string> Commands => [CommandText.Of(Arguments)];

    public override IReadOnlyDictionary<string, string> Fields => new Dictionary<string, string> { ["do"] = Command, ["queue"] = DeadLetterQueue, ["id"] = Id };

    public override string ReturnTo => DeadLettersPage(DeadLetterQueue);

    public static string DeadLettersPage(string deadLetterQueue) => "/deadletters?name=" + Uri.EscapeDataString(deadLetterQueue);

    public override async Task<string> Run(DisqueCalls disque, CancellationToken cancellation)
    {
        var changed = DisqueReplies.Integer(await disque.Run(Arguments, cancellation).ConfigureAwait(false));
        return Command switch
        {
            Revive => changed == 1 ? $"REVIVE: job {Id} is back on its queue." : $"REVIVE: job {Id} not revived: it is not a dead letter, or is not known.",
            ReviveAll => $"REVIVE QUEUE: {Words.Count(changed, "job", "jobs")} back on their queues.",
            _ => changed == 1 ? $"DELJOB: job {Id} deleted." : $"DELJOB: job {Id} not deleted: it is not known.",
        };
    }
}
