using System.Globalization;
using System.Text;

namespace Disque.Client.Resp;

/// <summary>The kinds of RESP2 reply.</summary>
public enum RespType : byte
{
    /// <summary><c>+text</c>: a status line (ADDJOB answers the job id this way).</summary>
    Status,

    /// <summary><c>-CODE message</c>: an error line.</summary>
    Error,

    /// <summary><c>:n</c></summary>
    Integer,

    /// <summary><c>$n</c> then n bytes: binary safe.</summary>
    Bulk,

    /// <summary><c>*n</c> then n replies.</summary>
    Array,

    /// <summary><c>$-1</c> or <c>*-1</c>: nothing (GETJOB that timed out, SHOW of an unknown job).</summary>
    Null,
}

/// <summary>One reply as a Disque server sends it, read by <see cref="RespParser"/>.</summary>
public sealed class RespValue
{
    /// <summary><c>$-1</c>, the null bulk string.</summary>
    public static readonly RespValue Null = new(RespType.Null, 0, null, null);

    /// <summary><c>*-1</c>, the null array: a <see cref="RespType.Null"/> like <see cref="Null"/>, told apart by <see cref="IsNullArray"/>.</summary>
    public static readonly RespValue NullArray = new(RespType.Null, 0, null, null);

    private readonly byte[]? _bytes;
    private readonly RespValue[]? _items;

    private RespValue(RespType type, long integer, byte[]? bytes, RespValue[]? items) =>
        (Type, Integer, _bytes, _items) = (type, integer, bytes, items);

    public static RespValue Status(byte[] text) => new(RespType.Status, 0, text, null);

    public static RespValue Error(byte[] text) => new(RespType.Error, 0, text, null);

    public static RespValue FromInteger(long value) => new(RespType.Integer, value, null, null);

    public static RespValue Bulk(byte[] bytes) => new(RespType.Bulk, 0, bytes, null);

    public static RespValue Array(RespValue[] items) => new(RespType.Array, 0, null, items);

    public RespType Type { get; }

    public bool IsNull => Type == RespType.Null;

    /// <summary>True for <c>*-1</c>: Disque answers some commands with the null array, others with the null bulk (<c>$-1</c>).</summary>
    public bool IsNullArray => ReferenceEquals(this, NullArray);

    public bool IsError => Type == RespType.Error;

    /// <summary>The value of an integer reply; 0 for the other kinds.</summary>
    public long Integer { get; }

    /// <summary>The bytes of a status, error or bulk reply; null for the other kinds.</summary>
    public byte[]? Bytes => _bytes;

    /// <summary>The items of an array reply; empty for the other kinds.</summary>
    public IReadOnlyList<RespValue> Items => _items ?? [];

    /// <summary>The text of a status, error or bulk reply (UTF-8), an integer's digits, or null.</summary>
    public string? Text => Type switch
    {
        RespType.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        _ => _bytes is null ? null : Encoding.UTF8.GetString(_bytes),
    };

    /// <summary>An integer reply, or a bulk string of digits (HELLO sends ports and priorities so).</summary>
    public long ToInt64() => Type == RespType.Integer
        ? Integer
        : long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw new FormatException($"Expected an integer reply, got {this}.");

    public override string ToString() => Type switch
    {
        RespType.Null => "(nil)",
        RespType.Array => "[" + string.Join(", ", Items) + "]",
        RespType.Error => "-" + Text,
        RespType.Integer => ":" + Text,
        _ => Text ?? "",
    };
}
