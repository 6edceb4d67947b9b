using System.Text;

namespace Disque.Gateway.Arguments;

/// <summary>
/// The arguments of one command as raw bytes, index 0 being the command name.
/// The gateway's parsed request implements it; tests use <see cref="StringArgs"/>.
/// </summary>
public interface ICommandArgs
{
    int Count { get; }

    ReadOnlySpan<byte> this[int index] { get; }
}

public static class CommandArgsExtensions
{
    /// <summary>True when argument <paramref name="index"/> is <paramref name="word"/>, ignoring ASCII case.</summary>
    public static bool Is(this ICommandArgs args, int index, ReadOnlySpan<byte> word) =>
        System.Text.Ascii.EqualsIgnoreCase(args[index], word);

    public static string GetString(this ICommandArgs args, int index) => Encoding.UTF8.GetString(args[index]);

    public static byte[] GetBytes(this ICommandArgs args, int index) => args[index].ToArray();

    /// <summary>Argument <paramref name="index"/> as a queue name, shared with every other use of the name.</summary>
    public static string QueueName(this ICommandArgs args, int index) => Disque.Domain.NameCache.Get(args[index]);

    /// <summary>Reads an option's value as Disque does (see <see cref="Integers.TryParseLenient"/>).</summary>
    public static bool TryGetLong(this ICommandArgs args, int index, out long value) => Integers.TryParseLenient(args[index], out value);
}

/// <summary>Command arguments given as strings: for tests and for callers that are not the gateway.</summary>
public sealed class StringArgs(params string[] words) : ICommandArgs
{
    private readonly byte[][] _bytes = Array.ConvertAll(words, w => Encoding.UTF8.GetBytes(w));

    public int Count => _bytes.Length;

    public ReadOnlySpan<byte> this[int index] => _bytes[index];
}
