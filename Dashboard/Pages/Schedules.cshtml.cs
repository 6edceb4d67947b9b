using Disque.Client;
using Disque.Dashboard.Hosting;

namespace Disque.Dashboard.Pages;

/// <summary>Every recurring schedule (SCHEDULE LIST), each as SCHEDULE SHOW tells it: its next occurrence, its last firing, whether it is paused.</summary>
public sealed class SchedulesModel(DashboardServices services) : DashboardPageModel(services)
{
    internal IReadOnlyList<ScheduleDetails> Rows { get; private set; } = [];

    public async Task OnGetAsync() => await Read(async cancellation =>
    {
        var names = await Disque.Client.ScheduleListAsync(cancellation);
        var rows = await Task.WhenAll(names.Select(name => Disque.Client.ScheduleShowAsync(name, cancellation)));
        // A schedule deleted between LIST and SHOW is left out.
        Rows = [.. rows.OfType<ScheduleDetails>()];
    });

    internal static string Confirm(string action, string name) => "/confirm?do=" + action + "&schedule=" + Uri.EscapeDataString(name);
}
