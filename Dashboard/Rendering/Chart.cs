using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Disque.Dashboard.Rendering;

/// <summary>A line of a chart: its points (a null value is a gap: no sample then) and its CSS class.</summary>
internal sealed record ChartLine(string Class, IReadOnlyList<(DateTimeOffset At, double? Value)> Points);

/// <summary>
/// A small line chart of the last minutes as inline SVG, drawn on the server: it needs
/// no script and no file from elsewhere. Time runs left to right up to now; the scale
/// starts at 0 and ends at the largest value shown (at least 1).
/// </summary>
internal static class Chart
{
    private const double Width = 300, Height = 60;

    public static (IHtmlContent Svg, double Top) Draw(IReadOnlyList<ChartLine> lines, DateTimeOffset now, TimeSpan window, string label)
    {
        var top = Math.Max(1, lines.SelectMany(l => l.Points).Max(p => p.Value) ?? 0);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(label)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"0\" y1=\"{Height}\" x2=\"{Width}\" y2=\"{Height}\" vector-effect=\"non-scaling-stroke\"/>");
        foreach (var line in lines)
        {
            foreach (var run in Runs(line.Points))
            {
                var points = string.Join(' ', run.Select(p => string.Create(CultureInfo.InvariantCulture,
                    $"{X(p.At, now, window):0.#},{Height - (p.Value / top * (Height - 2)):0.#}")));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{line.Class}\" points=\"{points}\" vector-effect=\"non-scaling-stroke\"/>");
            }
        }
        svg.Append("</svg>");
        return (new HtmlString(svg.ToString()), top);
    }

    private static double X(DateTimeOffset at, DateTimeOffset now, TimeSpan window) =>
        Math.Clamp(Width - ((now - at).TotalSeconds / window.TotalSeconds * Width), 0, Width);

    /// <summary>The stretches of points without a gap; a lone point is drawn as a short flat line.</summary>
    private static IEnumerable<List<(DateTimeOffset At, double Value)>> Runs(IReadOnlyList<(DateTimeOffset At, double? Value)> points)
    {
        var run = new List<(DateTimeOffset, double)>();
        foreach (var (at, value) in points)
        {
            if (value is { } v)
            {
                run.Add((at, v));
                continue;
            }
            if (run.Count > 0)
                yield return Padded(run);
            run = [];
        }
        if (run.Count > 0)
            yield return Padded(run);
    }

    private static List<(DateTimeOffset At, double Value)> Padded(List<(DateTimeOffset At, double Value)> run) =>
        run.Count > 1 ? run : [(run[0].At.AddSeconds(-1), run[0].Value), run[0]];
}
