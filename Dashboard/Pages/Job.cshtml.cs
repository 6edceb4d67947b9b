using Disque.Client;
using Disque.Dashboard.Actions;
using Disque.Dashboard.Hosting;
using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;
using Microsoft.AspNetCore.Mvc;

namespace Disque.Dashboard.Pages;

/// <summary>One job: SHOW's fields in words, its body, and the silos that hold its copies (named by INFO nodes).</summary>
public sealed class JobModel(DashboardServices services) : DashboardPageModel(services)
{
    /// <summary>The most of a body a page shows.</summary>
    public const int BodyLimit = 4096;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    internal JobDetails? Job { get; private set; }

    /// <summary>Its UNIQUE key, AFTER and BATCH, as SHOW gave them; null for a job with none.</summary>
    internal JobCoordination? Coordination { get; private set; }

    internal IReadOnlyDictionary<string, NodeRow> Nodes { get; private set; } = new Dictionary<string, NodeRow>();

    public async Task OnGetAsync()
    {
        Id = Id.Trim();
        if (Id.Length == 0)
            return;
        await Read(async cancellation =>
        {
            (Job, Coordination) = await Disque.Show(Id, cancellation);
            if (Job is not null)
                Nodes = (await Disque.Nodes(cancellation)).ToDictionary(n => n.Id, StringComparer.Ordinal);
        });
    }

    internal bool Delayed => Job is { } job && JobTimes.IsDelayed(job, Now);

    /// <summary>The state in words: what it means for the job now.</summary>
    internal string StateInWords => Job!.State switch
    {
        "queued" => "queued: waiting for a consumer (GETJOB)",
        "active" when Delayed => "delayed: waiting out its DELAY before it is queued",
        "active" => "active: delivered (or taken out of its queue), waiting for its ACK",
        "wait-repl" => "waiting for its copies to be made",
        "acked" => "acknowledged: its copies are being removed",
        var other => other,
    };

    internal string Retry => Job!.RetrySeconds == 0
        ? "0: delivered at most once, never again"
        : $"{Words.Duration(TimeSpan.FromSeconds(Job.RetrySeconds))}: queued again if not acknowledged within that";

    /// <summary>ONFAIL in words.</summary>
    internal string OnFailInWords => Coordination?.OnFail == "queue"
        ? "queue: queued all the same when a job it waits for fails (dead letter, expired or deleted)"
        : "cancel: deleted when a job it waits for fails (dead letter, expired or deleted)";

    /// <summary>UNIQUEFOR in words.</summary>
    internal string UniqueFor => Coordination is { UniqueForSeconds: > 0 } c
        ? $"kept {Words.Duration(TimeSpan.FromSeconds(c.UniqueForSeconds))} after its ACK (UNIQUEFOR)"
        : "free again once the job ends";

    internal static string JobLink(string id) => "/job?id=" + Uri.EscapeDataString(id);

    internal string? When(long? milliseconds) => JobTimes.In(milliseconds, Now) is { } at ? $"{Words.Relative(at, Now)} ({Words.Date(at)})" : null;

    /// <summary>A node id as INFO nodes knows it: its address and role, or only the id when the node is gone.</summary>
    internal string Holder(string nodeId) => Nodes.TryGetValue(nodeId, out var node)
        ? $"{node.Address} ({(node.IsGateway ? "gateway" : "silo")}, {node.State})"
        : "a node no longer in the cluster";

    /// <summary>The page of the job's dead-letter queue.</summary>
    internal string DeadLettersLink => DeadLetterCommand.DeadLettersPage(Job?.DeadLetter ?? "");

    internal string Confirm(string action) =>
        $"/confirm?do={action}&id={Uri.EscapeDataString(Id)}&queue={Uri.EscapeDataString(Job?.Queue ?? "")}";
}
