using System.Globalization;

namespace Disque.Client;

/// <summary>Where a Disque node listens: a host (name or address) and a port, written <c>host:port</c>.</summary>
public readonly record struct NodeEndpoint(string Host, int Port)
{
    public const int DefaultPort = 7711;

    /// <summary>Reads <c>host:port</c>, <c>host</c> (port 7711), <c>[::1]:port</c>.</summary>
    public static NodeEndpoint Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        var bracketed = text.StartsWith('[');
        if (colon < 0 || (bracketed && colon < text.IndexOf(']', StringComparison.Ordinal)) || (!bracketed && text.IndexOf(':', StringComparison.Ordinal) != colon))
            return new NodeEndpoint(text.Trim('[', ']'), DefaultPort);
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"Not a host:port endpoint: '{text}'.");
        return new NodeEndpoint(text[..colon].Trim('[', ']'), port);
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
