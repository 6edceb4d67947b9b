using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace Disque;

/// <summary>How a job id given by a client reads.</summary>
public enum JobIdForm
{
    /// <summary>One of ours: it names the silo that made it.</summary>
    Valid,

    /// <summary>Shaped like a Disque id but not one this cluster could have made: an unknown job.</summary>
    Foreign,

    /// <summary>Not a Disque id at all: <c>-BADID</c>.</summary>
    Malformed,
}

/// <summary>
/// A Disque job id, <c>D-&lt;node8&gt;-&lt;24 base64 chars&gt;-&lt;ttl4&gt;</c>, 40 characters,
/// kept in 24 bytes: the node prefix, the TTL suffix and 144 random bits. The node
/// prefix names the silo that created the job (its home); the suffix is the TTL in
/// minutes with the lowest bit set for at-least-once jobs and clear for RETRY 0.
/// </summary>
[GenerateSerializer(IncludePrimaryConstructorParameters = false), Immutable]
public readonly record struct JobId : IComparable<JobId>
{
    public const int Length = 40;

    [Id(0)] private readonly ulong _head; // node(32) | suffix(16) | random[0..2)
    [Id(1)] private readonly ulong _middle; // random[2..10)
    [Id(2)] private readonly ulong _tail; // random[10..18)

    public JobId(uint node, ReadOnlySpan<byte> random18, ushort suffix)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(random18.Length, 18);
        _head = ((ulong)node << 32) | ((ulong)suffix << 16) | BinaryPrimitives.ReadUInt16BigEndian(random18);
        _middle = BinaryPrimitives.ReadUInt64BigEndian(random18[2..]);
        _tail = BinaryPrimitives.ReadUInt64BigEndian(random18[10..]);
    }

    /// <summary>The first 8 hex digits of the creating silo's node id.</summary>
    public uint Node => (uint)(_head >> 32);

    public ushort Suffix => (ushort)(_head >> 16);

    /// <summary>True for RETRY 0 jobs: the suffix's lowest bit is clear.</summary>
    public bool IsAtMostOnce => (Suffix & 1) == 0;

    /// <summary>The TTL the id was made with, in minutes, as the suffix records it.</summary>
    public int TtlMinutes => Suffix;

    public bool IsEmpty => _head == 0 && _middle == 0 && _tail == 0;

    public static JobIdForm TryParse(ReadOnlySpan<byte> text, out JobId id)
    {
        id = default;
        // Disque's own check: the length and four fixed characters.
        if (text.Length != Length || text[0] != (byte)'D' || text[1] != (byte)'-' || text[10] != (byte)'-' || text[35] != (byte)'-')
            return JobIdForm.Malformed;
        Span<byte> random = stackalloc byte[18];
        if (!TryParseHex(text[2..10], out var node) || !TryParseHex(text[36..40], out var suffix)
            || Base64.DecodeFromUtf8(text[11..35], random, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 18)
            return JobIdForm.Foreign;
        id = new JobId(node, random, (ushort)suffix);
        return JobIdForm.Valid;
    }

    public static JobIdForm TryParse(string text, out JobId id) => TryParse(Encoding.ASCII.GetBytes(text), out id);

    public static JobId Parse(string text) =>
        TryParse(text, out var id) == JobIdForm.Valid ? id : throw new FormatException($"Not a job id: {text}");

    /// <summary>Writes the 40 characters of the id.</summary>
    public void Format(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length);
        "D-"u8.CopyTo(destination);
        WriteHex(Node, destination.Slice(2, 8));
        destination[10] = (byte)'-';
        Span<byte> random = stackalloc byte[18];
        BinaryPrimitives.WriteUInt16BigEndian(random, (ushort)_head);
        BinaryPrimitives.WriteUInt64BigEndian(random[2..], _middle);
        BinaryPrimitives.WriteUInt64BigEndian(random[10..], _tail);
        Base64.EncodeToUtf8(random, destination.Slice(11, 24), out _, out _);
        destination[35] = (byte)'-';
        WriteHex(Suffix, destination.Slice(36, 4));
    }

    public override string ToString()
    {
        Span<byte> text = stackalloc byte[Length];
        Format(text);
        return Encoding.ASCII.GetString(text);
    }

    public override int GetHashCode() => HashCode.Combine(_head, _middle, _tail);

    /// <summary>Random bits of the id, the same in every process (unlike <see cref="GetHashCode"/>, which .NET seeds per process): where a store files it.</summary>
    public uint RandomBits => (uint)_middle;

    public int CompareTo(JobId other)
    {
        var c = _head.CompareTo(other._head);
        if (c == 0)
            c = _middle.CompareTo(other._middle);
        return c != 0 ? c : _tail.CompareTo(other._tail);
    }

    private static void WriteHex(uint value, Span<byte> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--, value >>= 4)
            destination[i] = (byte)"0123456789abcdef"[(int)(value & 0xF)];
    }

    private static bool TryParseHex(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        foreach (var c in text)
        {
            // Ids are lowercase hex, as Disque writes them.
            int digit = c is >= (byte)'0' and <= (byte)'9' ? c - '0' : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10 : -1;
            if (digit < 0)
                return false;
            value = (value << 4) | (uint)digit;
        }
        return true;
    }
}
