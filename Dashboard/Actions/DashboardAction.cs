using Disque.Dashboard.Reading;

namespace Disque.Dashboard.Actions;

/// <summary>
/// A change the dashboard makes to the cluster, always through Disque commands: what it
/// does in words, the commands it runs (shown before it runs, on the confirmation page),
/// the form fields that name it, and the page to go back to.
/// </summary>
internal abstract record DashboardAction
{
    public abstract string Title { get; }

    public abstract string Explanation { get; }

    /// <summary>The Disque commands, as text (redis-cli's quoting).</summary>
    public abstract IReadOnlyList<string> Commands { get; }

    /// <summary>The fields that make this action again from a form: <c>do</c> and its arguments.</summary>
    public abstract IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>Where the browser goes after the action, or after it was cancelled.</summary>
    public abstract string ReturnTo { get; }

    /// <summary>Runs the commands; what came of them, in words. Disque's error replies arrive as DisqueException.</summary>
    public abstract Task<string> Run(DisqueCalls disque, CancellationToken cancellation);

    public static string QueuePage(string queue) => "/queue?name=" + Uri.EscapeDataString(queue);

    public static string JobPage(string id) => "/job?id=" + Uri.EscapeDataString(id);
}
