using Disque.Dashboard.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Disque.Dashboard.Pages;

/// <summary>The login: the server's password, compared as AUTH compares it.</summary>
public sealed class LoginModel(DashboardServices services) : DashboardPageModel(services)
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string Password { get; set; } = "";

    internal string? Refused { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>
    /// Checks the password as AUTH does, after the turn the server's throttle gives this
    /// browser's address (wrong guesses from it slow the next ones).
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var server = HttpContext.RequestServices.GetRequiredService<IDashboardServer>();
        var address = HttpContext.Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
        var wait = server.Logins.TurnOf(address);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, Services.Time, HttpContext.RequestAborted);
        if (Login.Matches(Password, server.Password))
        {
            server.Logins.Succeeded(address);
            await Login.SignIn(HttpContext, Password);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        server.Logins.Failed(address, $"{address}:{HttpContext.Connection.RemotePort}");
        Refused = "Wrong password.";
        return Page();
    }

    public async Task<IActionResult> OnPostLogoutAsync()
    {
        await Login.SignOut(HttpContext);
        return LocalRedirect(Login.Path);
    }
}
