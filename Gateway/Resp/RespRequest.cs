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
        _used = 0;
        // Give back a buffer a huge body made large, so one big job does not pin memory.
        if (_arena.Length > 1 << 20)
            _arena = new byte[512];
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
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
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
