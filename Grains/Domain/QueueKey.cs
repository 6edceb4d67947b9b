namespace Disque.Domain;

/// <summary>
/// A queue's grain key. Disque takes any name, the empty one and blanks too, but an
/// Orleans string key must not be empty or white space: such names (and names that
/// begin with the escape mark, so no two names share a key) get the mark in front.
/// Every other name is its own key, as before.
/// </summary>
public static class QueueKey
{
    private const char Escape = '\u0001';

    public static string Of(string name) =>
        string.IsNullOrWhiteSpace(name) || name[0] == Escape ? Escape + name : name;

    public static string NameOf(string key) => key.Length > 0 && key[0] == Escape ? key[1..] : key;
}
