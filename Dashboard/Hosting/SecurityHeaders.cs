using Microsoft.AspNetCore.Http;

namespace Disque.Dashboard.Hosting;

/// <summary>
/// Every response says: run only this site's own script and style, load nothing from
/// elsewhere, never show these pages in a frame (an action's confirm button could be
/// clicked through one), send no referrer.
/// </summary>
internal static class SecurityHeaders
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task Add(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}
