using Disque.Client;
using Disque.Dashboard.Hosting;
using Disque.Dashboard.Reading;
using Microsoft.AspNetCore.Mvc;

namespace Disque.Dashboard.Pages;

/// <summary>A queue as the list shows it: QSTAT, when its oldest queued job was made, its rates in and out.</summary>
internal sealed record QueueRow(QueueDetails Stats, DateTimeOffset? Oldest, (double In, double Out)? Rates);

/// <summary>Every queue (QSCAN), each with QSTAT and its oldest job (QPEEK 1, SHOW); sorted by any column, on the server.</summary>
public sealed class QueuesModel(DashboardServices services) : DashboardPageModel(services)
{
    /// <summary>The columns a list sorts by, and whether each sorts largest first when first clicked.</summary>
    internal static readonly (string Key, string Title, bool LargestFirst)[] Columns =
    [
        ("name", "Queue", false), ("len", "Length", true), ("oldest", "Oldest job", true), ("blocked", "Blocked consumers", true),
        ("in", "In", true), ("out", "Out", true), ("idle", "Idle", true), ("pause", "Paused", true),
    ];

    [BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "len";

    [BindProperty(SupportsGet = true)]
    public string Dir { get; set; } = "desc";

    internal IReadOnlyList<QueueRow> Rows { get; private set; } = [];

    internal bool Capped { get; private set; }

    public async Task OnGetAsync() => await Read(async cancellation =>
    {
        var names = await Disque.QueueNames(cancellation);
        Capped = names.Count >= DisqueCalls.MaxQueues;
        var rows = await Task.WhenAll(names.Select(name => Row(name, cancellation)));
        Rows = Sorted(rows.OfType<QueueRow>());
    });

    private async Task<QueueRow?> Row(string name, CancellationToken cancellation)
    {
        if (await Disque.QStat(name, cancellation) is not { } stats)
            return null;
        Services.Queues.Add(name, stats.JobsIn, stats.JobsOut);
        var oldest = stats.Length > 0 ? await Disque.OldestQueued(name, cancellation) : null;
        return new QueueRow(stats, oldest, Services.Queues.Rates(name));
    }

    private IReadOnlyList<QueueRow> Sorted(IEnumerable<QueueRow> rows)
    {
        var descending = Dir != "asc";
        IOrderedEnumerable<QueueRow> Order<T>(Func<QueueRow, T> key) => descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
        var ordered = Sort switch
        {
            "len" => Order(r => r.Stats.Length),
            // The oldest job first: the earliest time.
            "oldest" => descending ? rows.OrderBy(r => r.Oldest ?? DateTimeOffset.MaxValue) : rows.OrderByDescending(r => r.Oldest ?? DateTimeOffset.MinValue),
            "blocked" => Order(r => r.Stats.Blocked),
            "in" => Order(r => r.Rates?.In ?? -1),
            "out" => Order(r => r.Rates?.Out ?? -1),
            "idle" => Order(r => r.Stats.IdleSeconds),
            "pause" => Order(r => r.Stats.Pause != "none"),
            _ => Order(r => r.Stats.Name),
        };
        return [.. ordered.ThenBy(r => r.Stats.Name, StringComparer.Ordinal)];
    }

    /// <summary>The link that sorts by <paramref name="key"/>: the other way round when it sorts so already.</summary>
    internal string SortLink(string key, bool largestFirst)
    {
        var dir = Sort == key ? (Dir == "asc" ? "desc" : "asc") : (largestFirst ? "desc" : "asc");
        return $"/queues?sort={key}&dir={dir}";
    }

    internal string? SortMark(string key) => Sort != key ? null : Dir == "asc" ? " ▲" : " ▼";
}
