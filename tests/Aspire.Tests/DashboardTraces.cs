using System.Text.Json;

namespace Disque.Aspire.Tests;

/// <summary>Reads Aspire's dashboard telemetry API (<c>/api/telemetry/traces</c>, OTLP JSON).</summary>
internal static class DashboardTraces
{
    /// <summary>The trace ids of the spans called <paramref name="name"/> that <paramref name="resource"/> sent.</summary>
    public static async Task<HashSet<string>> Spans(HttpClient dashboard, string resource, string name, CancellationToken cancellation)
    {
        using var response = await dashboard.GetAsync(new Uri($"/api/telemetry/traces?resource={resource}", UriKind.Relative), cancellation);
        if (!response.IsSuccessStatusCode)
            return [];
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        if (!json.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty("resourceSpans", out var resources))
            return [];
        return [.. from r in resources.EnumerateArray()
                   from scope in r.GetProperty("scopeSpans").EnumerateArray()
                   from span in scope.GetProperty("spans").EnumerateArray()
                   where span.GetProperty("name").GetString() == name
                   select span.GetProperty("traceId").GetString()!];
    }
}
