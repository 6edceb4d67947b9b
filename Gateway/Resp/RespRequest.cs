using System.Buffers;
using Disque.Gateway.Arguments;

namespace Disque.Gateway.Resp;

/// <summary>
/// One parsed command. Its arguments are copied into a buffer the connection
/// reuses from command to command, so parsing allocates nothing once warm;
/// a handler copies what it keeps (a body, a queue name) before it awaits.
/// </summary>
public sealed class RespRequest : ICommandArgs
{
    private byte[] _arena = new byte[512];
    private int _used;
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];

    public int Count { get; private set; }

    /// <summary>Read as an inline command (a line of words), not a RESP array.</summary>
    public bool Inline { get; internal set; }

    /// <summary>Bytes of arguments already taken from a request still arriving (CLIENT LIST's qbuf counts them).</summary>
    internal long HeldBytes => Parse.UnderWay ? _used : 0;

    /// <summary>Where the reader stopped inside this request while it has not arrived whole.</summary>
    internal RespParse Parse = RespParse.Fresh;

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return _arena.AsSpan(_starts[index], _lengths[index]);
        }
    }

    /// <summary>The command name as the client sent it, for error texts.</summary>
    public string Name => Count == 0 ? "" : System.Text.Encoding.UTF8.GetString(this[0]);

    internal void Clear()
    {
        Count = 0;
        Inline = false;
        _used = 0;
        Parse.Reset();
        // Give back what a huge body or a request of many arguments made large, so one big request does not pin memory.
        if (_arena.Length > 1 << 20)
            _arena = new byte[512];
        if (_starts.Length > 1 << 16)
            (_starts, _lengths) = (new int[16], new int[16]);
    }

    /// <summary>The client left: whatever its request holds goes now, whole or not.</summary>
    internal void Release()
    {
        Count = 0;
        _used = 0;
        Parse.Reset();
        _arena = [];
        (_starts, _lengths) = ([], []);
    }

    internal void Add(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    internal void Add(in ReadOnlySequence<byte> value)
    {
        value.CopyTo(Reserve(checked((int)value.Length)));
    }

    private Span<byte> Reserve(int length)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Math.Max(16, Count * 2));
            Array.Resize(ref _lengths, Math.Max(16, Count * 2));
        }
        if (_used + length > _arena.Length)
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + length));
        _starts[Count] = _used;
        _lengths[Count] = length;
        Count++;
        var slot = _arena.AsSpan(_used, length);
        _used += length;
        return slot;
    }
}

/// <summary>
/// How far the reader got in a request still arriving: the arguments its <c>*</c> header
/// announced, the length of the bulk whose bytes are awaited, and how much of the line
/// being read was already searched for its end.
/// </summary>
internal struct RespParse
{
    /// <summary>Arguments announced by <c>*N</c>; -1 while no multibulk request is under way.</summary>
    public long Expected;

    /// <summary>The <c>$N</c> read whose N bytes have not all come; -1 when the next thing is a <c>$</c> header.</summary>
    public long BulkLength;

    /// <summary>Bytes of the current (header or inline) line already searched in vain for its end.</summary>
    public long Scanned;

    public readonly bool UnderWay => Expected >= 0 || Scanned > 0;

    public static RespParse Fresh => new() { Expected = -1, BulkLength = -1 };

    public void Reset() => this = Fresh;
}
