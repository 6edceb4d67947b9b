namespace Disque.LoadGen.Resp;

public enum RespKind
{
    Status,
    Error,
    Integer,
    Bulk,
    Array,
    Null,
}

/// <summary>One RESP reply. Status lines and bulk strings are kept as text: Disque's ids, bodies here and INFO are ASCII.</summary>
public sealed class RespValue
{
    public static readonly RespValue Null = new(RespKind.Null);

    private RespValue(RespKind kind, string? text = null, long integer = 0, RespValue[]? items = null)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Items = items;
    }

    public RespKind Kind { get; }

    /// <summary>The line of a status or error, the content of a bulk string.</summary>
    public string? Text { get; }

    public long Integer { get; }

    public RespValue[]? Items { get; }

    public bool IsError => Kind == RespKind.Error;

    public static RespValue Status(string text) => new(RespKind.Status, text);

    public static RespValue Error(string text) => new(RespKind.Error, text);

    public static RespValue Number(long value) => new(RespKind.Integer, integer: value);

    public static RespValue Bulk(string text) => new(RespKind.Bulk, text);

    public static RespValue Array(RespValue[] items) => new(RespKind.Array, items: items);

    public override string ToString() => Kind switch
    {
        RespKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RespKind.Array => "[" + string.Join(", ", Items!.Select(i => i.ToString())) + "]",
        RespKind.Null => "(nil)",
        RespKind.Error => "-" + Text,
        _ => Text ?? "",
    };
}
