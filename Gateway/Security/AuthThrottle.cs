using System.Net;

namespace Disque.Gateway.Security;

/// <summary>
/// Slows password guessing, per client address: the first <see cref="FreeFailures"/> wrong
/// passwords cost nothing; after them every attempt from that address (AUTH on RESP, or a
/// dashboard login) waits its turn, a quarter second after the one before, doubling with each
/// further failure up to <see cref="MaxDelay"/>. Attempts from one address queue behind each
/// other, however many connections they come on, so an address gets at most one guess per
/// delay. An address is forgotten a minute after its last failure, or at once when it gives
/// the right password. Replies are not changed: a guess is only answered later.
/// </summary>
public sealed class AuthThrottle(TimeProvider time)
{
    public const int FreeFailures = 5;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>How long an address's failures are remembered after its last one.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(1);

    /// <summary>Addresses tracked at most: past it the oldest is forgotten first.</summary>
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<IPAddress, Entry> _entries = [];

    private sealed class Entry
    {
        public int Failures;
        public long LastFailure;
        public long NextTurn;
    }

    /// <summary>
    /// How long an attempt from <paramref name="address"/> must wait before its password is
    /// checked: zero while the address has failed fewer than <see cref="FreeFailures"/> times.
    /// Calling it takes the attempt's turn.
    /// </summary>
    public TimeSpan TurnOf(IPAddress address)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(address, out var entry) || Forgotten(entry) || entry.Failures < FreeFailures)
                return TimeSpan.Zero;
            var now = time.GetTimestamp();
            var turn = Math.Max(now, entry.NextTurn) + Ticks(DelayAfter(entry.Failures));
            entry.NextTurn = turn;
            return time.GetElapsedTime(now, turn);
        }
    }

    /// <summary>A wrong password from <paramref name="address"/>: its count of failures, this one included.</summary>
    public int Failed(IPAddress address)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(address, out var entry) || Forgotten(entry))
            {
                MakeRoom();
                _entries[address] = entry = new Entry();
            }
            entry.Failures++;
            entry.LastFailure = time.GetTimestamp();
            return entry.Failures;
        }
    }

    /// <summary>The right password: the address starts afresh.</summary>
    public void Succeeded(IPAddress address)
    {
        lock (_entries)
            _entries.Remove(address);
    }

    /// <summary>True when an address with this many failures waits before each attempt.</summary>
    public static bool Slows(int failures) => failures >= FreeFailures;

    /// <summary>The wait between two attempts of an address that failed this many times.</summary>
    public static TimeSpan DelayAfter(int failures)
    {
        var doublings = Math.Min(failures - FreeFailures, 16);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }

    private bool Forgotten(Entry entry) => time.GetElapsedTime(entry.LastFailure) > Memory;

    private void MakeRoom()
    {
        if (_entries.Count < MaxAddresses)
            return;
        foreach (var (address, entry) in _entries.ToList())
        {
            if (Forgotten(entry))
                _entries.Remove(address);
        }
        if (_entries.Count >= MaxAddresses)
            _entries.Remove(_entries.MinBy(e => e.Value.LastFailure).Key);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
