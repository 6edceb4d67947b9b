using System.Text;

namespace Disque.Gateway.Monitoring;

/// <summary>The ASCII sparklines of LATENCY GRAPH, drawn as Disque draws them: filled columns, labels under them.</summary>
internal static class Sparkline
{
    private const string Fill = "_o#";
    private const int LabelMarginTop = 1;

    public static void Render(StringBuilder output, (double Value, string Label)[] samples, int columns, int rows)
    {
        if (samples.Length == 0)
            return;
        var min = samples.Min(s => s.Value);
        var max = samples.Max(s => s.Value);
        for (var start = 0; start < samples.Length; start += columns)
        {
            if (start != 0)
                output.Append('\n');
            RenderRange(output, samples.AsSpan(start, Math.Min(columns, samples.Length - start)), min, max, rows);
        }
    }

    private static void RenderRange(StringBuilder output, ReadOnlySpan<(double Value, string Label)> samples, double min, double max, int rows)
    {
        var range = max - min == 0 ? 1 : max - min;
        var steps = Fill.Length * rows;
        var line = new char[samples.Length];
        for (var row = 0; ; row++)
        {
            var more = false;
            Array.Fill(line, ' ');
            for (var j = 0; j < samples.Length; j++)
            {
                var step = Math.Clamp((int)((samples[j].Value - min) * steps / range), 0, steps - 1);
                if (row < rows)
                {
                    more = true;
                    var index = step - (rows - row - 1) * Fill.Length;
                    if (index >= 0 && index < Fill.Length)
                        line[j] = Fill[index];
                    else if (index >= Fill.Length)
                        line[j] = '|';
                }
                else if (row - rows < LabelMarginTop)
                {
                    more = true;
                    break;
                }
                else if (samples[j].Label.Length > row - rows - LabelMarginTop)
                {
                    more = true;
                    line[j] = samples[j].Label[row - rows - LabelMarginTop];
                }
            }
            if (!more)
                return;
            output.Append(line).Append('\n');
        }
    }
}
