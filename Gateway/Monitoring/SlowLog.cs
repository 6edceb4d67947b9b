using System.Text;

namespace Disque.Gateway.Monitoring;

/// <summary>One SLOWLOG entry: Disque's id, unix time, microseconds and the command's words (at most 32, each cut at 128 bytes).</summary>
public sealed record SlowLogEntry(long Id, long UnixTime, long Microseconds, byte[][] Args);

/// <summary>
/// The commands that took at least <c>slowlog-log-slower-than</c> microseconds
/// (negative: none), newest first, at most <c>slowlog-max-len</c> of them.
/// </summary>
public sealed class SlowLog
{
    public const int MaxArgs = 32;
    public const int MaxArgBytes = 128;

    private readonly LinkedList<SlowLogEntry> _entries = new();
    private long _nextId;

    /// <summary>CONFIG's slowlog-log-slower-than, in microseconds: Disque's 10000 by default.</summary>
    public long SlowerThan { get; set; } = 10_000;

    /// <summary>CONFIG's slowlog-max-len.</summary>
    public long MaxLength { get; set; } = 128;

    public bool Wants(long microseconds) => SlowerThan >= 0 && microseconds >= SlowerThan;

    public int Count
    {
        get
        {
            lock (_entries)
                return _entries.Count;
        }
    }

    /// <summary>Adds an entry with the words <see cref="Capture"/> took from a command of <paramref name="count"/> words.</summary>
    public void Add(byte[][] words, int count, long microseconds)
    {
        if (count > words.Length)
            words = [.. words[..^1], Encoding.ASCII.GetBytes($"... ({count - words.Length + 1} more arguments)")];
        var entry = new SlowLogEntry(0, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), microseconds, words);
        lock (_entries)
        {
            _entries.AddFirst(entry with { Id = _nextId++ });
            while (_entries.Count > MaxLength)
                _entries.RemoveLast();
        }
    }

    /// <summary>The newest <paramref name="count"/> entries; a negative count: all.</summary>
    public SlowLogEntry[] Newest(long count)
    {
        lock (_entries)
            return [.. count < 0 ? _entries : _entries.Take((int)Math.Min(count, int.MaxValue))];
    }

    public void Reset()
    {
        lock (_entries)
            _entries.Clear();
    }

    /// <summary>
    /// A command's words as Disque keeps them: the first 32 (past 32, the last one
    /// says how many more there were, see <see cref="Add"/>), each cut at 128 bytes
    /// with a note of how many more bytes it had.
    /// </summary>
    /// <param name="redact">A password is set: AUTH's arguments are not kept.</param>
    public static byte[][] Capture(Arguments.ICommandArgs args, bool redact)
    {
        var kept = Math.Min(args.Count, MaxArgs);
        var words = new byte[kept][];
        for (var i = 0; i < kept; i++)
        {
            var word = Security.Redaction.Shown(args, i, redact);
            words[i] = word.Length <= MaxArgBytes ? word.ToArray()
                : [.. word[..MaxArgBytes], .. Encoding.ASCII.GetBytes($"... ({word.Length - MaxArgBytes} more bytes)")];
        }
        return words;
    }
}
