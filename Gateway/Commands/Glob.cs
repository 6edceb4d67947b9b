namespace Disque.Gateway.Commands;

/// <summary>Redis' glob patterns for CONFIG GET: *, ?, [abc], [a-z], [^a], and \ to escape.</summary>
public static class Glob
{
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (!pattern.IsEmpty)
        {
            switch (pattern[0])
            {
                case '*':
                    while (pattern.Length > 1 && pattern[1] == '*')
                        pattern = pattern[1..];
                    if (pattern.Length == 1)
                        return true;
                    for (var i = 0; i <= text.Length; i++)
                        if (IsMatch(pattern[1..], text[i..]))
                            return true;
                    return false;
                case '?':
                    if (text.IsEmpty)
                        return false;
                    break;
                case '[':
                    if (text.IsEmpty || !MatchClass(ref pattern, text[0]))
                        return false;
                    break;
                case '\\' when pattern.Length > 1:
                    pattern = pattern[1..];
                    goto default;
                default:
                    if (text.IsEmpty || pattern[0] != text[0])
                        return false;
                    break;
            }
            pattern = pattern[1..];
            text = text[1..];
        }
        return text.IsEmpty;
    }

    /// <summary>Matches one character against [...]; leaves the pattern on the closing bracket.</summary>
    private static bool MatchClass(ref ReadOnlySpan<char> pattern, char c)
    {
        pattern = pattern[1..];
        var negate = !pattern.IsEmpty && pattern[0] == '^';
        if (negate)
            pattern = pattern[1..];
        var match = false;
        while (!pattern.IsEmpty && pattern[0] != ']')
        {
            if (pattern[0] == '\\' && pattern.Length > 1)
            {
                pattern = pattern[1..];
                match |= pattern[0] == c;
            }
            else if (pattern.Length > 2 && pattern[1] == '-' && pattern[2] != ']')
            {
                var (low, high) = pattern[0] <= pattern[2] ? (pattern[0], pattern[2]) : (pattern[2], pattern[0]);
                match |= c >= low && c <= high;
                pattern = pattern[2..];
            }
            else
                match |= pattern[0] == c;
            pattern = pattern[1..];
        }
        if (pattern.IsEmpty)
            pattern = "]";
        return match != negate;
    }
}
