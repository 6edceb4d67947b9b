using Disque.Client;
using Disque.Dashboard.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Disque.Dashboard.Pages;

/// <summary>The password is checked by the server itself: AUTH on a connection of its own.</summary>
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

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            if (await Services.Connection.Accepts(Password, HttpContext.RequestAborted))
            {
                await Login.SignIn(HttpContext, Password);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            }
            Refused = "Wrong password: the server's AUTH refused it.";
        }
        catch (DisqueConnectionException error)
        {
            Refused = "The server did not answer: " + error.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostLogoutAsync()
    {
        await Login.SignOut(HttpContext);
        return LocalRedirect(Login.Path);
    }
}
