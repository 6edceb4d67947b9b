using Microsoft.AspNetCore.Http;

namespace Disque.Dashboard.Hosting;

/// <summary>The dashboard's one style sheet and one script, served from this assembly's resources.</summary>
internal static class Assets
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = (Read("dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Read("dashboard.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(string name, HttpContext context)
    {
        if (!Files.TryGetValue(name, out var file))
            return Results.NotFound();
        context.Response.Headers.CacheControl = "max-age=300";
        return Results.Bytes(file.Bytes, file.Type);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard's {name} is missing from its assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
