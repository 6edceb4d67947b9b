using Disque.Client;
using Disque.Dashboard.Actions;
using Disque.Dashboard.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Disque.Dashboard.Pages;

/// <summary>
/// A dead-letter queue (Disque.Orleans' failure policy): its jobs, a JSCAN page at a time in any
/// state, with why each failed, where it came from, and the actions REVIVE, REVIVE QUEUE and
/// DELJOB. A queue's page links here for its default dead-letter queue (<c>queue:dead</c>);
/// a job's page for the one its producer named.
/// </summary>
public sealed class DeadLettersModel(DashboardServices services) : DashboardPageModel(services)
{
    public const int PageSize = 50;

    /// <summary>The dead-letter queue.</summary>
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Cursor { get; set; } = "0";

    internal long Length { get; private set; }

    internal IReadOnlyList<JobDetails> Jobs { get; private set; } = [];

    /// <summary>JSCAN's cursor for the next page; "0": this is the last.</summary>
    internal string Next { get; private set; } = "0";

    public async Task OnGetAsync()
    {
        Name = Name.Trim();
        if (Name.Length == 0)
            return;
        await Read(async cancellation =>
        {
            Length = await Disque.Client.QLenAsync(Name, cancellation);
            var (next, jobs) = await Disque.Jobs(Name, null, Cursor, PageSize, cancellation);
            Next = next;
            // Most recent failure first; jobs that never failed (added to this queue as any job) last.
            Jobs = [.. jobs.OrderByDescending(j => j.LastFailureTime ?? DateTimeOffset.MinValue).ThenBy(j => j.CTime)];
        });
    }

    internal string Link(string cursor) => DeadLetterCommand.DeadLettersPage(Name) + (cursor == "0" ? "" : "&cursor=" + cursor);

    /// <summary>A link to the confirmation page of a dead-letter action; no id: every one (REVIVE QUEUE).</summary>
    internal string Confirm(string action, string id = "") =>
        $"/confirm?do={action}&queue={Uri.EscapeDataString(Name)}" + (id.Length == 0 ? "" : "&id=" + Uri.EscapeDataString(id));
}
