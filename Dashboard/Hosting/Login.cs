using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Disque.Dashboard.Hosting;

/// <summary>
/// The dashboard's door when the server has a password (Disque:Password, or CONFIG SET
/// requirepass): the login page checks the password as AUTH does (guesses slowed per address
/// by the server's throttle), and a cookie
/// (encrypted, HTTP only, this site only) then stands for it. The cookie carries a digest of
/// the password it was given for, so changing the password signs everyone out.
/// </summary>
internal static class Login
{
    public const string Path = "/login";

    private const string PasswordClaim = "disque-password";

    /// <summary>Over HTTPS the cookie is sent over HTTPS only (Secure).</summary>
    public static void Configure(CookieAuthenticationOptions options, bool https)
    {
        options.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        options.LoginPath = Path;
        options.LogoutPath = Path;
        options.Cookie.Name = "disque-dashboard";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = async context =>
        {
            var server = context.HttpContext.RequestServices.GetRequiredService<IDashboardServer>();
            if (context.Principal?.FindFirst(PasswordClaim)?.Value == Digest(server.Password))
                return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        };
    }

    /// <summary>Sends whoever has not logged in to the login page, while the server has a password.</summary>
    public static Task Require(HttpContext context, RequestDelegate next)
    {
        var server = context.RequestServices.GetRequiredService<IDashboardServer>();
        var open = server.Password.Length == 0
            || context.User.Identity?.IsAuthenticated == true
            || context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal);
        if (open)
            return next(context);
        context.Response.Redirect(Path + "?returnUrl=" + Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString));
        return Task.CompletedTask;
    }

    public static Task SignIn(HttpContext context, string password) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(PasswordClaim, Digest(password))], CookieAuthenticationDefaults.AuthenticationScheme)));

    public static Task SignOut(HttpContext context) => context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);

    /// <summary>The password given at the login page against the server's, in constant time (as AUTH compares).</summary>
    public static bool Matches(string given, string password) =>
        password.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    private static string Digest(string password) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("disque-dashboard:" + password)));
}
