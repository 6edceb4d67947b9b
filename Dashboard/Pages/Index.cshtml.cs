using Disque.Dashboard.Hosting;
using Disque.Dashboard.Reading;
using Disque.Dashboard.Rendering;
using Disque.Dashboard.Sampling;

namespace Disque.Dashboard.Pages;

/// <summary>The cluster: its silos (INFO nodes) and its job counters over the last minutes (the sampler's history).</summary>
public sealed class IndexModel(DashboardServices services) : DashboardPageModel(services)
{
    internal IReadOnlyList<NodeRow> Nodes { get; private set; } = [];

    internal IReadOnlyList<ClusterPoint> Points { get; private set; } = [];

    internal (DateTimeOffset At, int Queues, long Queued)? LastScan => Services.Queues.LastScan;

    internal IEnumerable<NodeRow> Living => Nodes.Where(n => n.IsLiving);

    public async Task OnGetAsync()
    {
        Points = Services.Cluster.Points;
        await Read(async cancellation => Nodes = await Disque.Nodes(cancellation));
    }

    /// <summary>The cluster's totals now: from the nodes just read (the history's last sample when they could not be).</summary>
    internal Counts Totals => Nodes.Count > 0 ? Living.Aggregate(default(Counts), (sum, n) => sum + n.Counters) : Points.LastOrDefault()?.Totals ?? default;

    internal double? RateNow(Counter counter) => Points.LastOrDefault(p => p.Rates is not null)?.Rates?[counter];

    internal (Microsoft.AspNetCore.Html.IHtmlContent Svg, double Top) ChartOf(Counter counter) =>
        Chart.Draw([new ChartLine("line", [.. Points.Select(p => (p.At, p.Rates?[counter]))])], Now, ClusterHistory.Kept,
            $"Jobs {Name(counter)} per second over the last {ClusterHistory.Kept.TotalMinutes:0} minutes");

    internal static string Name(Counter counter) => counter.ToString().ToLowerInvariant();

    internal static string Title(Counter counter) => counter.ToString();

    internal static string StateClass(NodeRow node) => node.OutOfMemory && node.IsLiving ? "state oom" : "state " + node.State;
}
