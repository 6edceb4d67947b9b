using Disque.Client;
using Disque.Dashboard.Actions;
using Disque.Dashboard.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Disque.Dashboard.Pages;

/// <summary>
/// Every action passes here twice: a GET shows what it will do and the Disque commands it
/// runs, with a button; that button POSTs the same fields (with the anti-forgery token),
/// which runs it and goes back to the page it came from, saying what came of it.
/// No script needed.
/// </summary>
public sealed class ConfirmModel(DashboardServices services, ILogger<ConfirmModel> log) : DashboardPageModel(services)
{
    internal DashboardAction? Action { get; private set; }

    internal string? Error { get; private set; }

    public void OnGet() => (Action, Error) = ActionForm.Read(name => Request.Query[name].FirstOrDefault());

    public async Task<IActionResult> OnPostAsync()
    {
        (Action, Error) = ActionForm.Read(name => Request.Form[name].FirstOrDefault());
        if (Action is null)
            return Page();
        try
        {
            TempData["Done"] = await Action.Run(Disque, HttpContext.RequestAborted);
            log.LogInformation("Dashboard action: {Commands}", string.Join("; ", Action.Commands));
        }
        catch (DisqueException error)
        {
            TempData["Failed"] = $"{Action.Title}: Disque answered -{error.Code} {error.Message}";
        }
        catch (DisqueConnectionException error)
        {
            TempData["Failed"] = $"{Action.Title}: the server did not answer ({error.Message})";
        }
        return LocalRedirect(Action.ReturnTo);
    }
}
