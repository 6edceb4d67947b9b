using System.Collections.Concurrent;
using System.Text;

namespace Disque.Domain;

/// <summary>
/// Queue names read from the wire, kept once: the hot path looks a name up from
/// its UTF-8 bytes without allocating, and every job of a queue shares one string.
/// Bounded, so a client inventing names cannot grow it without end.
/// </summary>
public static class NameCache
{
    private const int MaxNames = 100_000;
    private const int MaxCachedLength = 256;
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedLength)
            return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[MaxCachedLength];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        if (ByChars.TryGetValue(chars[..length], out var name))
            return name;
        name = new string(chars[..length]);
        return Names.Count < MaxNames ? Names.GetOrAdd(name, name) : name;
    }

    public static string Get(string name) =>
        name.Length <= MaxCachedLength && Names.Count < MaxNames ? Names.GetOrAdd(name, name) : Names.GetValueOrDefault(name, name);
}
