using Disque.Client;
using Disque.Dashboard.Actions;
using Disque.Dashboard.Hosting;
using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;
using Disque.Dashboard.Sampling;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Disque.Dashboard.Pages;

/// <summary>
/// One queue: QSTAT, its rates over the last minutes, and its jobs by state, a page at a
/// time as JSCAN gives them (its cursor is the page's). Delayed jobs are active ones still
/// waiting out their DELAY, so the active and delayed tabs both scan STATE active.
/// </summary>
public sealed class QueueModel(DashboardServices services) : DashboardPageModel(services)
{
    public const int PageSize = 50;

    /// <summary>The groups the queue page lists, busiest first.</summary>
    public const int GroupsShown = 100;

    internal static readonly (string Key, string Title)[] Tabs = [("queued", "Queued"), ("active", "Active"), ("delayed", "Delayed")];

    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string State { get; set; } = "queued";

    [BindProperty(SupportsGet = true)]
    public string Cursor { get; set; } = "0";

    internal QueueDetails? Stats { get; private set; }

    internal DateTimeOffset? Oldest { get; private set; }

    internal IReadOnlyList<JobDetails> Jobs { get; private set; } = [];

    /// <summary>JSCAN's cursor for the next page; "0": this is the last.</summary>
    internal string Next { get; private set; } = "0";

    public async Task OnGetAsync()
    {
        if (!Tabs.Any(t => t.Key == State))
            State = "queued";
        if (Name.Length == 0)
            return;
        await Read(async cancellation =>
        {
            Stats = await Disque.QStat(Name, cancellation);
            if (Stats is null)
                return;
            Services.Queues.Add(Name, Stats.JobsIn, Stats.JobsOut);
            Oldest = Stats.Length > 0 ? await Disque.OldestQueued(Name, cancellation) : null;
            var (next, jobs) = await Disque.Jobs(Name, State == "queued" ? "queued" : "active", Cursor, PageSize, cancellation);
            Next = next;
            // A JSCAN page comes in no order: it is shown oldest first.
            Jobs = [.. jobs.Where(j => State == "queued" || JobTimes.IsDelayed(j, Now) == (State == "delayed")).OrderBy(j => j.CTime)];
        });
    }

    internal (double In, double Out)? Rates => Services.Queues.Rates(Name);

    internal (IHtmlContent Svg, double Top) RatesChart()
    {
        var series = Services.Queues.Series(Name);
        return Chart.Draw(
            [new ChartLine("line in", [.. series.Select(p => (p.At, (double?)p.In))]), new ChartLine("line out", [.. series.Select(p => (p.At, (double?)p.Out))])],
            Now, ClusterHistory.Kept, $"Jobs in and out of {Name} per second over the last {ClusterHistory.Kept.TotalMinutes:0} minutes");
    }

    /// <summary>Where Disque.Orleans puts this queue's failed jobs when their ADDJOB named no DEADLETTER.</summary>
    internal string DeadLetterQueue => AddJobOptions.DefaultDeadLetter(Name);

    internal string DeadLettersLink => DeadLetterCommand.DeadLettersPage(DeadLetterQueue);

    internal string Link(string state, string cursor) =>
        $"/queue?name={Uri.EscapeDataString(Name)}&state={state}" + (cursor == "0" ? "" : "&cursor=" + cursor);

    /// <summary>A link to the confirmation page of an action on this queue.</summary>
    internal string Confirm(string action, params (string Key, string Value)[] fields) =>
        "/confirm?do=" + action + "&queue=" + Uri.EscapeDataString(Name) + string.Concat(fields.Select(f => $"&{f.Key}={Uri.EscapeDataString(f.Value)}"));

    /// <summary>When the job comes up next: its DELAY or RETRY running out, in words.</summary>
    internal string NextEvent(JobDetails job) => job.State == "queued" ? "waiting for a consumer"
        : JobTimes.In(job.NextRequeueWithinMs, Now) is { } at
        ? (JobTimes.IsDelayed(job, Now) ? "queued " : "queued again ") + Words.Relative(at, Now)
        : "—";
}
