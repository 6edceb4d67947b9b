using System.Buffers.Text;

namespace Disque.Gateway.Arguments;

/// <summary>The two ways Disque reads a number, which differ at the edges.</summary>
public static class Integers
{
    /// <summary>
    /// Redis' string2ll, used for protocol lengths: digits with an optional '-',
    /// no '+', no leading zeros, no blanks.
    /// </summary>
    public static bool TryParseStrict(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var digits = !text.IsEmpty && text[0] == (byte)'-' ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 19 || digits[0] is < (byte)'1' or > (byte)'9')
            return digits.Length == 1 && digits[0] == (byte)'0' && text.Length == 1;
        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    /// <summary>
    /// C's strtoll as Disque uses it for command options: an optional sign, leading
    /// zeros allowed, nothing after the digits; the empty string reads as 0.
    /// </summary>
    public static bool TryParseLenient(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
            return true;
        var digits = Unsigned(text, out var negative);
        if (digits.IsEmpty)
            return false;
        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
                return false;
            var digit = c - '0';
            // Accumulate as a negative number so long.MinValue stays reachable.
            if (value < (long.MinValue + digit) / 10)
                return false;
            value = value * 10 - digit;
        }
        if (negative)
            return true;
        if (value == long.MinValue)
            return false;
        value = -value;
        return true;
    }

    /// <summary>
    /// A QSCAN/JSCAN cursor as Disque reads it with strtoul: an optional sign ('-'
    /// negates modulo 2^64, so -1 is the largest cursor), digits, nothing after them;
    /// the empty string reads as 0; a value past 2^64-1 is refused.
    /// </summary>
    public static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty)
            return true;
        var digits = Unsigned(text, out var negative);
        if (digits.IsEmpty || digits[0] is < (byte)'0' or > (byte)'9' || !System.Buffers.Text.Utf8Parser.TryParse(digits, out ulong value, out var used) || used != digits.Length)
            return false;
        cursor = negative ? unchecked(0 - value) : value;
        return true;
    }

    /// <summary>The digits after an optional leading sign, as strtoll and strtoul take one.</summary>
    private static ReadOnlySpan<byte> Unsigned(ReadOnlySpan<byte> text, out bool negative)
    {
        negative = text[0] == (byte)'-';
        return text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
    }

    /// <summary>A memory size as Redis reads one: a number with an optional unit (b, k, kb, m, mb, g, gb; k is 1000, kb 1024).</summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bytes = 0;
        var digits = text.TakeWhile(c => char.IsAsciiDigit(c) || c == '-').Count();
        long unit = text[digits..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000 * 1000,
            "mb" => 1024 * 1024,
            "g" => 1000L * 1000 * 1000,
            "gb" => 1024L * 1024 * 1024,
            _ => 0,
        };
        if (unit == 0 || !TryParseLenient(System.Text.Encoding.ASCII.GetBytes(text[..digits]), out var number) || digits == 0)
            return false;
        bytes = number * unit;
        return true;
    }
}
