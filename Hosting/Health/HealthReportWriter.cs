using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Disque.Hosting.Health;

/// <summary>
/// What /alive and /ready answer: the status code says it (200 healthy, 503 not), the
/// body says why, check by check:
/// <c>{"status":"Unhealthy","checks":{"memory":{"status":"Unhealthy","description":"out of memory: ..."}}}</c>.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var json = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description ?? entry.Exception?.Message ?? "");
                json.WriteNumber("ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }
}
