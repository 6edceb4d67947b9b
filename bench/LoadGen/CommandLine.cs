using System.Globalization;

namespace Disque.LoadGen;

/// <summary>--name value pairs and --flags; every option must be one the subcommand asked for.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{name}'");
            name = name[2..];
            if (flags.Contains(name))
                _values[name] = null;
            else if (e.MoveNext())
                _values[name] = e.Current;
            else
                throw new ArgumentException($"--{name} needs a value");
        }
    }

    public bool Flag(string name) => _read.Add(name) && _values.ContainsKey(name);

    public string Text(string name, string fallback) => _read.Add(name) && _values.TryGetValue(name, out var v) && v is not null ? v : fallback;

    public string? Text(string name) => _read.Add(name) && _values.TryGetValue(name, out var v) ? v : null;

    public long Number(string name, long fallback) =>
        Text(name) is { } text ? long.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public double? Decimal(string name) => Text(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    public TimeSpan Seconds(string name, double fallback) => TimeSpan.FromSeconds(Decimal(name) ?? fallback);

    /// <summary>Fails on any option no getter asked for (a typo, or one of another subcommand).</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException("Unknown option(s): " + string.Join(", ", unknown.Select(k => "--" + k)));
    }
}
