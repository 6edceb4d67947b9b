using Disque.Client;
using Disque.Dashboard.Hosting;
using Disque.Dashboard.Reading;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Disque.Dashboard.Pages;

/// <summary>What every page shares: the Disque calls, the time it was read at, and a failure to say instead of the figures.</summary>
public abstract class DashboardPageModel(DashboardServices services) : PageModel
{
    internal DashboardServices Services => services;

    internal DisqueCalls Disque => services.Disque;

    /// <summary>When the page was read: the "now" of its relative times.</summary>
    public DateTimeOffset Now { get; } = services.Time.GetUtcNow();

    /// <summary>Why the page shows no figures: Disque answered an error, or did not answer.</summary>
    public string? Failure { get; private set; }

    /// <summary>Runs the page's reads; a Disque error or silence becomes <see cref="Failure"/>.</summary>
    private protected async Task<bool> Read(Func<CancellationToken, Task> read)
    {
        try
        {
            await read(HttpContext.RequestAborted);
            return true;
        }
        catch (DisqueException error)
        {
            Failure = $"Disque answered -{error.Code} {error.Message}";
        }
        catch (DisqueConnectionException error)
        {
            Failure = "The server did not answer: " + error.Message;
        }
        return false;
    }
}
